package io.galileosync.sync;

import io.galileosync.config.GalileoProperties;
import io.galileosync.store.Pruned;
import io.galileosync.store.RecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Retention: prunes by age and by a disk budget (and by a per-tracker cap, when one is set) through the store,
 * and raises the pruned IMEIs' horizons in the same transaction, so a peer cannot send the pruned records back.
 * Records dated implausibly far ahead never get here (ingest quarantines them, merges refuse them), so they
 * cannot push real history out.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    /** The part of the records pruned at each run while the disk is short of space. */
    static final double DISK_SHORT_FRACTION = 0.1;

    private final RecordStore store;
    private final SyncProperties settings;
    private final JdbcClient jdbc;
    private final Path dataDir;
    private volatile Run last;

    Retention(RecordStore store, SyncProperties settings, JdbcClient jdbc, GalileoProperties properties) {
        this.store = store;
        this.settings = settings;
        this.jdbc = jdbc;
        this.dataDir = properties.dataDir();
    }

    /** The last pruning that deleted records: when, how many, and why. */
    public record Run(long at, int deleted, String why) {
    }

    /** The last pruning that deleted anything, or null. */
    public Run last() {
        return last;
    }

    /** Records older than this are pruned and refused; null when retention by age is off. */
    Long minTime() {
        long min = settings.retentionMinTime(System.currentTimeMillis());
        return min == Long.MIN_VALUE ? null : min;
    }

    /** Per IMEI, the time before which records were pruned. */
    Map<String, Long> horizons() {
        return RetentionHorizons.all(jdbc);
    }

    /** Answers the number of records deleted. */
    int prune() {
        long minTime = settings.retentionMinTime(System.currentTimeMillis());
        boolean diskShort = diskShort();
        Run run = store.inTransaction(tx -> {
            Pruned byPolicy = tx.prune(settings.retentionMaxPerImei(), minTime);
            Pruned byDisk = diskShort ? tx.pruneOldest(DISK_SHORT_FRACTION) : new Pruned(0, Map.of());
            Map<String, Long> horizons = new HashMap<>(byPolicy.horizons());
            byDisk.horizons().forEach((imei, time) -> horizons.merge(imei, time, Math::max));
            RetentionHorizons.raise(tx.connection(), horizons);
            String why = byDisk.deleted() > 0 ? "the disk had less than " + settings.retentionMinFreeDisk()
                    + " free" : settings.retentionMaxPerImei() > 0 ? "older than " + settings.retentionMaxAge()
                    + " or beyond " + settings.retentionMaxPerImei() + " per tracker"
                    : "older than " + settings.retentionMaxAge();
            return new Run(System.currentTimeMillis(), byPolicy.deleted() + byDisk.deleted(), why);
        }).join();
        if (run.deleted() > 0) {
            last = run;
            log.info("retention pruned {} records ({})", run.deleted(), run.why());
        }
        return run.deleted();
    }

    private boolean diskShort() {
        long budget = settings.retentionMinFreeDisk().toBytes();
        if (budget <= 0) {
            return false;
        }
        try {
            Path dir = Files.isDirectory(dataDir) ? dataDir : dataDir.toAbsolutePath().getParent();
            return Files.getFileStore(dir).getUsableSpace() < budget;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
