package io.galileosync.backup;

import io.galileosync.config.GalileoProperties;
import io.galileosync.store.NodeIdentity;
import io.galileosync.store.OfflineStore;
import io.galileosync.store.RecordStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes backups of the running database into the backups folder: H2's online {@code BACKUP TO} on a connection of
 * its own (the record writer goes on committing meanwhile), then a check that the copy opens in a separate H2
 * instance and holds what it should, then the oldest beyond {@code keep} are deleted. One at a time.
 */
@Component
class Backups {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);

    private final DataSource dataSource;
    private final RecordStore store;
    private final NodeIdentity node;
    private final BackupFolder folder;
    private final int keep;
    private final MeterRegistry meters;

    /** A verified backup: its file, when it was taken, its size, its records, and how long writing and checking took. */
    record Made(Path file, Instant takenAt, long bytes, long records, long writeMs, long checkMs) {
    }

    Backups(DataSource dataSource, RecordStore store, NodeIdentity node, GalileoProperties galileo,
            BackupProperties properties, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.store = store;
        this.node = node;
        this.folder = new BackupFolder(properties.folder(galileo.dataDir()));
        this.keep = properties.keep();
        this.meters = meters;
    }

    BackupFolder folder() {
        return folder;
    }

    /** @throws BackupException when it cannot be made here, or the copy does not open or holds the wrong records */
    synchronized Made make() {
        Timer.Sample sample = Timer.start(meters);
        try {
            Made made = write();
            sample.stop(meters.timer("galileo.backup", "outcome", "success"));
            return made;
        } catch (BackupException e) {
            sample.stop(meters.timer("galileo.backup", "outcome", "failure"));
            throw e;
        }
    }

    private Made write() {
        Instant at = Instant.now();
        Path part;
        long before;
        long start;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String product = connection.getMetaData().getDatabaseProductName();
            Optional<Path> database = H2Database.of(connection.getMetaData().getURL());
            if (!"H2".equalsIgnoreCase(product) || database.isEmpty()) {
                throw new BackupException("backups here are of the embedded H2 database only; this node uses " + product
                        + " (" + connection.getMetaData().getURL() + "): back it up with that database's own tools"
                        + ("PostgreSQL".equalsIgnoreCase(product) ? " (pg_dump, or the server's WAL archiving)" : ""),
                        true);
            }
            folder.removeLeftovers();
            part = folder.part(at);
            requireSpace(H2Database.file(database.get()));
            before = store.recordCount();
            start = System.nanoTime();
            statement.execute("BACKUP TO '" + part.toString().replace("'", "''") + "'");
        } catch (SQLException | IOException e) {
            throw new BackupException("the backup could not be written: " + e.getMessage(), false);
        }
        long written = System.nanoTime();
        long after = store.recordCount();
        OfflineStore.Summary held = check(part, before, after);
        long checked = System.nanoTime();
        try {
            Path file = folder.complete(part);
            List<Path> deleted = folder.prune(keep);
            Made made = new Made(file, at, Files.size(file), held.records(), (written - start) / 1_000_000,
                    (checked - written) / 1_000_000);
            log.info("backup {} written in {} ms and checked in {} ms: {} records, {} bytes{}", file, made.writeMs(),
                    made.checkMs(), made.records(), made.bytes(),
                    deleted.isEmpty() ? "" : "; deleted the oldest " + deleted.size() + " (keeping " + keep + ")");
            return made;
        } catch (IOException e) {
            throw new BackupException("the checked backup could not be kept: " + e.getMessage(), false);
        }
    }

    /**
     * The copy opens read-only in an H2 of its own, is this node's, and holds as many records as the store held
     * when it began or ended (ingest goes on meanwhile, so it is one of those counts or between them).
     */
    private OfflineStore.Summary check(Path part, long before, long after) {
        try {
            OfflineStore.Summary held = BackupCheck.open(part);
            if (!node.nodeId().equals(held.nodeId())) {
                throw failed(part, "it is node " + held.nodeId() + "'s, not this node's (" + node.nodeId() + ")");
            }
            if (held.records() < Math.min(before, after) || held.records() > Math.max(before, after)) {
                throw failed(part, "it holds " + held.records() + " records, the store " + before + " when the backup"
                        + " began and " + after + " when it ended");
            }
            return held;
        } catch (IOException | SQLException e) {
            throw failed(part, "it does not open: " + e.getMessage());
        }
    }

    private static BackupException failed(Path part, String why) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            log.warn("could not delete the failed backup {}: {}", part, e.toString());
        }
        return new BackupException("the backup failed its check: " + why, false);
    }

    /** A backup is at most about the database's size; with less room it would fill the disk the records need. */
    private void requireSpace(Path databaseFile) throws IOException {
        long size = Files.size(databaseFile);
        long usable = Files.getFileStore(folder.dir()).getUsableSpace();
        if (usable < size) {
            throw new IOException("only " + usable + " bytes free in " + folder.dir() + " for a database of " + size
                    + " bytes");
        }
    }
}
