package io.galileosync.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The backups folder: {@code galileo-backup-<UTC time>.zip} files, named so that name order is time order. A
 * backup is written as {@code .zip.part} and renamed only once it is verified, so a {@code .zip} here was good
 * when it was written, and a {@code .part} is what an interrupted backup left.
 */
final class BackupFolder {

    private static final String PREFIX = "galileo-backup-";
    private static final String SUFFIX = ".zip";
    private static final String PART = ".part";
    /** Folders a backup is unpacked into to be checked. */
    static final String WORK_PREFIX = ".check-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    /** A backup file and when it was taken (from its name). */
    record Backup(Path file, Instant takenAt, long bytes) {
    }

    private final Path dir;

    BackupFolder(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    Path dir() {
        return dir;
    }

    /** Completed backups, newest first; none when the folder does not exist. */
    List<Backup> list() throws IOException {
        List<Backup> backups = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return backups;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                Optional<Instant> at = takenAt(file);
                if (at.isPresent()) {
                    backups.add(new Backup(file, at.get(), Files.size(file)));
                }
            }
        }
        backups.sort(Comparator.comparing(Backup::takenAt).reversed());
        return backups;
    }

    /** Where a backup taken at {@code at} is written until it is verified. */
    Path part(Instant at) throws IOException {
        Files.createDirectories(dir);
        return dir.resolve(PREFIX + STAMP.format(at) + SUFFIX + PART);
    }

    /** The verified part becomes a backup. */
    Path complete(Path part) throws IOException {
        String name = part.getFileName().toString();
        Path file = part.resolveSibling(name.substring(0, name.length() - PART.length()));
        return Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes the oldest backups beyond the newest {@code keep}; answers what it deleted. */
    List<Path> prune(int keep) throws IOException {
        List<Path> deleted = new ArrayList<>();
        List<Backup> backups = list();
        for (Backup old : backups.subList(Math.min(keep, backups.size()), backups.size())) {
            Files.deleteIfExists(old.file());
            deleted.add(old.file());
        }
        return deleted;
    }

    /** Deletes what interrupted backups and checks left. */
    void removeLeftovers() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX + PART)) {
            for (Path part : parts) {
                Files.deleteIfExists(part);
            }
        }
        try (DirectoryStream<Path> work = Files.newDirectoryStream(dir, WORK_PREFIX + "*")) {
            for (Path folder : work) {
                H2Database.deleteTree(folder);
            }
        }
    }

    private static Optional<Instant> takenAt(Path file) {
        String name = file.getFileName().toString();
        try {
            return Optional.of(Instant.from(STAMP.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()))));
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return Optional.empty(); // not one of ours (a copy someone renamed): not listed, never pruned
        }
    }
}
