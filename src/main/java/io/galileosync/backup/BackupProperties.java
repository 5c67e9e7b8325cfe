package io.galileosync.backup;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scheduled backups of the database, under {@code galileo.backup}.
 *
 * @param enabled  backups are written on schedule (the download and the restore command work either way)
 * @param interval time between two scheduled backups
 * @param keep     the newest this many backups are kept; older ones are deleted after a new one is verified
 * @param dir      where backups are written; {@code <data-dir>/backups} when not set
 */
@ConfigurationProperties("galileo.backup")
public record BackupProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1d") Duration interval,
                               @DefaultValue("7") int keep, Path dir) {

    public BackupProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("galileo.backup.interval must be positive, not " + interval);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("galileo.backup.keep must be at least 1, not " + keep);
        }
    }

    /** The backups folder of a node whose data folder is {@code dataDir}. */
    Path folder(Path dataDir) {
        return dir != null ? dir : dataDir.resolve("backups");
    }
}
