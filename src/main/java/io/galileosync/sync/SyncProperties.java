package io.galileosync.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Peer-to-peer sync ({@code galileo.sync.*}; the team secret itself is the access module's).
 *
 * @param enabled          peer endpoints open at start-up (else 503 until {@code POST /api/peer/start})
 * @param interval         auto-sync period for every known, enabled peer
 * @param maxConcurrent    peers synced at the same time
 * @param maxBackoff       longest wait before retrying a failing peer (doubles from {@code interval})
 * @param batchRecords     most records in one batch on the wire
 * @param batchBytes       about the most bytes (uncompressed JSON) in one batch
 * @param maxBodyBytes     larger request bodies (compressed or, after gunzip, uncompressed) get 413; also the
 *                         most a peer's answer may be, compressed or inflated
 * @param maxConcurrentBodies peer request bodies read at the same time (others wait, then get 503): bounds the
 *                         memory that unverified bodies can take
 * @param replayWindow     a signed request older or newer than this is refused
 * @param connectTimeout   to open a connection to a peer
 * @param requestTimeout   for one peer request
 * @param retentionMaxPerImei records kept per IMEI (the original app kept 10,000 per device); 0, the default: no
 *                         cap (a tracker at 10 s writes 8,640 records a day)
 * @param retentionMaxAge  records older than this (by device time) are pruned; zero keeps them forever
 * @param retentionMinFreeDisk when the data folder's disk has less free space than this, the oldest tenth of
 *                         the records is pruned at each retention run until it has; zero: no disk budget
 * @param retentionInterval how often retention runs
 * @param digestInterval   how often a sync also compares digests with the peer and, when they differ,
 *                         rescans both ways to repair gaps the vectors missed; zero: every sync
 * @param maxFutureSkew    a record from a peer with a device time later than now + this is not stored
 * @param maxReceivedSkew  nor one received (by its origin node) later than now + this: a peer with a clock far
 *                         ahead would otherwise win every conflict
 * @param mergeRecords     most records merged in one store transaction: a large batch is merged in parts, so a
 *                         tracker's ACK never waits long behind a peer's batch
 * @param probeTimeout     the longest a check of a peer (check-peer, joining a team, proving a moved peer) waits for
 *                         its answer, connecting included: a peer that hangs is reported at once, not after
 *                         {@code requestTimeout}
 */
@ConfigurationProperties("galileo.sync")
public record SyncProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("60s") Duration interval,
        @DefaultValue("4") int maxConcurrent,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("2000") int batchRecords,
        @DefaultValue("4000000") int batchBytes,
        @DefaultValue("33554432") int maxBodyBytes,
        @DefaultValue("2") int maxConcurrentBodies,
        @DefaultValue("5m") Duration replayWindow,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration requestTimeout,
        @DefaultValue("0") int retentionMaxPerImei,
        @DefaultValue("0s") Duration retentionMaxAge,
        @DefaultValue("256MB") DataSize retentionMinFreeDisk,
        @DefaultValue("10m") Duration retentionInterval,
        @DefaultValue("10m") Duration digestInterval,
        @DefaultValue("1d") Duration maxFutureSkew,
        @DefaultValue("10m") Duration maxReceivedSkew,
        @DefaultValue("1000") int mergeRecords,
        @DefaultValue("4s") Duration probeTimeout) {

    /** Records older than this (device time) are pruned and refused from peers; {@code Long.MIN_VALUE}: none. */
    long retentionMinTime(long now) {
        long maxAge = retentionMaxAge.toMillis();
        return maxAge > 0 ? now - maxAge : Long.MIN_VALUE;
    }
}
