package io.galileosync.backup;

import io.galileosync.store.OfflineStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Puts a backup in place of a stopped node's database. The backup is unpacked into the data folder, opened and
 * given a new identity ({@link OfflineStore#renewIdentity}) before anything is replaced; then the database that was
 * there is renamed aside (kept, never deleted) and the restored one renamed in. A failure on the way leaves the
 * node's database as it was.
 */
final class DatabaseRestore {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** What the restore did. */
    record Restored(OfflineStore.Summary backup, OfflineStore.Renewal renewal, Path database, Path keptAside) {
    }

    /** The backup cannot be restored (it does not unpack, open or hold a store). */
    static final class BadBackupException extends Exception {
        BadBackupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A node has the database open. */
    static final class InUseException extends Exception {
        InUseException(String message) {
            super(message);
        }
    }

    private DatabaseRestore() {
    }

    /** @param database the node's H2 database (its path without the file suffix) */
    static Restored restore(Path backup, Path database) throws BadBackupException, InUseException, IOException {
        Path file = H2Database.file(database);
        requireStopped(file);
        Files.createDirectories(file.getParent());
        String stamp = STAMP.format(Instant.now());
        Path work = Files.createTempDirectory(file.getParent(), ".restore-");
        try {
            Path restored;
            try {
                restored = BackupCheck.unpack(backup, work);
            } catch (IOException e) {
                throw new BadBackupException(backup + " cannot be unpacked: " + e.getMessage(), e);
            }
            OfflineStore.Summary held;
            OfflineStore.Renewal renewal;
            try (Connection connection = DriverManager.getConnection(H2Database.existingUrl(restored), "sa", "")) {
                held = OfflineStore.summary(connection);
                renewal = OfflineStore.renewIdentity(connection);
            } catch (SQLException e) {
                throw new BadBackupException(backup + " does not open as a node's database: "
                        + e.getMessage().lines().findFirst().orElse(e.toString()), e);
            }
            Path aside = null;
            if (Files.exists(file)) {
                aside = file.resolveSibling(file.getFileName() + ".replaced-" + stamp);
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(H2Database.file(restored), file, StandardCopyOption.ATOMIC_MOVE);
            return new Restored(held, renewal, database, aside);
        } finally {
            H2Database.deleteTree(work);
        }
    }

    /** H2 holds a lock on the file of a database it has open; a node running on it keeps it. */
    private static void requireStopped(Path file) throws InUseException, IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new InUseException(file + " is open in a running node: stop it first");
            }
        }
    }
}
