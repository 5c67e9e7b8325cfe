package io.galileosync.config;

import io.galileosync.ingest.MdsBitOrder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the service, under {@code galileo.*}. Defaults match the original mobile app
 * (HTTP 3001 is {@code server.port}; TCP 3003; data in {@code ./data}).
 */
@ConfigurationProperties("galileo")
public record GalileoProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Node node,
        @DefaultValue Ingest ingest,
        @DefaultValue Api api,
        @DefaultValue Sync sync) {

    /** @param name shown to people and peers; the host name when not set */
    public record Node(String name) {
        public Node {
            if (name == null || name.isBlank()) {
                name = hostName();
            }
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "galileo-node";
            }
        }
    }

    /**
     * @param port             Galileosky TCP port
     * @param host             address to bind (all interfaces by default)
     * @param idleTimeout      a tracker connection silent this long is closed
     * @param maxConnections   connections beyond this are refused (closed at once, counted)
     * @param maxPayloadLength frames announcing a longer payload are treated as garbage (the 15-bit length
     *                         field allows 32767; real trackers send up to ~6 KB despite the documented 1000)
     * @param maxBatchPackets  most packets committed in one group-commit transaction
     * @param writeQueue       packets waiting for the writer; beyond that a connection waits (back-pressure)
     * @param mdsBitOrder      how to read the unverified compressed-packet minimal data set
     * @param iridiumCompressed whether Iridium payloads carry compressed (0x08-style) records: a device setting
     * @param commandTimeout   longest wait for the command channel before an ACK: a late next command is not
     *                         sent this time, a reply or photo not taken in time gets no ACK (the tracker re-sends)
     * @param maxPhotoBytes    largest photo assembled from a tracker's photo chunks (per connection)
     */
    public record Ingest(
            @DefaultValue("3003") int port,
            @DefaultValue("0.0.0.0") String host,
            @DefaultValue("5m") Duration idleTimeout,
            @DefaultValue("1000") int maxConnections,
            @DefaultValue("32767") int maxPayloadLength,
            @DefaultValue("500") int maxBatchPackets,
            @DefaultValue("10000") int writeQueue,
            @DefaultValue("MSB_FIRST") MdsBitOrder mdsBitOrder,
            @DefaultValue("false") boolean iridiumCompressed,
            @DefaultValue("2s") Duration commandTimeout,
            @DefaultValue("262144") int maxPhotoBytes) {
    }

    /**
     * @param maxPageSize     largest {@code limit} a record query may ask for
     * @param lanAccess       who may use the people's API ({@code /api/**}) from another device
     * @param loopbackTrusted requests from this device itself (127.0.0.1, ::1) need no login
     */
    public record Api(@DefaultValue("10000") int maxPageSize, @DefaultValue("1000") int defaultPageSize,
                      @DefaultValue("PAIRING_CODE") LanAccess lanAccess, @DefaultValue("true") boolean loopbackTrusted) {

        public enum LanAccess {
            /** Other devices log in with the team's pairing code (or send it as a bearer token). */
            PAIRING_CODE,
            /** No login at all: only for a network where every device is trusted. */
            OPEN
        }
    }

    /**
     * Peer-to-peer sync.
     *
     * @param enabled          peer endpoints open at start-up (else 503 until {@code POST /api/peer/start})
     * @param secret           the team's shared secret; created at first start and stored when empty
     * @param interval         auto-sync period for every known, enabled peer
     * @param maxConcurrent    peers synced at the same time
     * @param maxBackoff       longest wait before retrying a failing peer (doubles from {@code interval})
     * @param batchRecords     most records in one batch on the wire
     * @param batchBytes       about the most bytes (uncompressed JSON) in one batch
     * @param maxBodyBytes     larger request bodies (compressed or, after gunzip, uncompressed) get 413
     * @param replayWindow     a signed request older or newer than this is refused
     * @param connectTimeout   to open a connection to a peer
     * @param requestTimeout   for one peer request
     * @param retentionMaxPerImei records kept per IMEI (the original app kept 10,000 per device)
     * @param retentionMaxAge  records older than this (by device time) are pruned; zero keeps them forever
     * @param retentionInterval how often retention runs
     * @param digestInterval   how often a sync also compares digests with the peer and, when they differ,
     *                         rescans both ways to repair gaps the vectors missed; zero: every sync
     * @param legacyPushEnabled accept the original app's unsigned {@code POST /peer/sync} (its export body) during
     *                         a migration; off by default since that format has no authentication
     */
    public record Sync(
            @DefaultValue("true") boolean enabled,
            String secret,
            @DefaultValue("60s") Duration interval,
            @DefaultValue("4") int maxConcurrent,
            @DefaultValue("1h") Duration maxBackoff,
            @DefaultValue("2000") int batchRecords,
            @DefaultValue("4000000") int batchBytes,
            @DefaultValue("33554432") int maxBodyBytes,
            @DefaultValue("5m") Duration replayWindow,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration requestTimeout,
            @DefaultValue("10000") int retentionMaxPerImei,
            @DefaultValue("0s") Duration retentionMaxAge,
            @DefaultValue("10m") Duration retentionInterval,
            @DefaultValue("10m") Duration digestInterval,
            @DefaultValue("false") boolean legacyPushEnabled) {
    }
}
