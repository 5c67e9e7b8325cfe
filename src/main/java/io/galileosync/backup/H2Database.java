package io.galileosync.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The embedded H2 database as files: where the data source keeps it, and how a tool opens one. */
final class H2Database {

    /** The database file's suffix ({@code BACKUP TO} zips it under its own name). */
    static final String FILE_SUFFIX = ".mv.db";
    /** The database name in the data folder (application.properties). */
    static final String NAME = "galileo";
    private static final String PREFIX = "jdbc:h2:";

    private H2Database() {
    }

    /**
     * The database of a data source URL, without the file suffix, when it is an H2 file database ({@code
     * jdbc:h2:file:<path>} or {@code jdbc:h2:<path>}); empty for anything else (in memory, a server, another
     * file system, another database).
     */
    static Optional<Path> of(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String location = url.substring(PREFIX.length());
        int settings = location.indexOf(';');
        if (settings >= 0) {
            location = location.substring(0, settings);
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        } else if (location.matches("[a-zA-Z][a-zA-Z0-9]+:.*")) {
            return Optional.empty(); // mem:, tcp:, zip:, nio...: not a plain file here
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Optional.of(Path.of(location).toAbsolutePath().normalize());
    }

    static Path file(Path database) {
        return database.resolveSibling(database.getFileName() + FILE_SUFFIX);
    }

    /** Opens an existing database without writing a byte of it (H2 would otherwise rewrite a file it cannot read). */
    static String readOnlyUrl(Path database) {
        return PREFIX + "file:" + database.toAbsolutePath() + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
    }

    /** Opens an existing database for writing; never creates one. */
    static String existingUrl(Path database) {
        return PREFIX + "file:" + database.toAbsolutePath() + ";IFEXISTS=TRUE";
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
