package io.galileosync.backup;

import io.galileosync.store.OfflineStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Opens a backup as a restore would: its database file unpacked into a folder of its own beside it, opened
 * read-only in a separate H2 instance, and asked what it holds.
 */
final class BackupCheck {

    /** The newest backups tried when looking for a good one. */
    private static final int MAX_TRIED = 10;

    /** A backup that opened, and what it holds. */
    record Good(BackupFolder.Backup backup, OfflineStore.Summary summary) {
    }

    private BackupCheck() {
    }

    /** The newest backup in the folder that opens; empty when none of the newest few does (or there is none). */
    static Optional<Good> newestGood(BackupFolder folder) throws IOException {
        List<BackupFolder.Backup> backups = folder.list();
        for (BackupFolder.Backup backup : backups.subList(0, Math.min(MAX_TRIED, backups.size()))) {
            try {
                return Optional.of(new Good(backup, open(backup.file())));
            } catch (IOException | SQLException e) {
                // damaged too: try the one before
            }
        }
        return Optional.empty();
    }

    /** @throws IOException or SQLException when the backup cannot be unpacked or opened, or holds no store */
    static OfflineStore.Summary open(Path zip) throws IOException, SQLException {
        Path work = Files.createTempDirectory(zip.toAbsolutePath().getParent(), BackupFolder.WORK_PREFIX);
        try {
            Path database = unpack(zip, work);
            try (Connection connection = DriverManager.getConnection(H2Database.readOnlyUrl(database), "sa", "")) {
                return OfflineStore.summary(connection);
            }
        } finally {
            H2Database.deleteTree(work);
        }
    }

    /**
     * Unpacks the backup's database file into {@code dir} as {@code galileo.mv.db}.
     *
     * @return the database there (without the file suffix)
     */
    static Path unpack(Path zip, Path dir) throws IOException {
        Path database = dir.resolve(H2Database.NAME);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                if (!entry.isDirectory() && entry.getName().endsWith(H2Database.FILE_SUFFIX)) {
                    Files.copy(entries, H2Database.file(database));
                    return database;
                }
            }
        }
        throw new IOException(zip + " holds no H2 database file (*" + H2Database.FILE_SUFFIX + ")");
    }
}
