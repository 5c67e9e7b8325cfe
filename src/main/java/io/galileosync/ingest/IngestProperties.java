package io.galileosync.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The Galileosky TCP server's settings ({@code galileo.ingest.*}; the group commit's are the store's).
 *
 * @param port             Galileosky TCP port
 * @param host             address to bind (all interfaces by default)
 * @param idleTimeout      a tracker connection silent this long is closed
 * @param maxConnections   tracker connections open at once, at most
 * @param maxConnectionsPerAddress connections from one client address at most (raise it where many trackers
 *                         reach the node through one NAT address)
 * @param reservedConnections of {@code maxConnections}, how many only connections that proved themselves may
 *                         hold: connections that have not are limited to the rest, the oldest of them closed to
 *                         make room for a new one
 * @param handshakeTimeout a connection that has not proved itself this long after connecting is closed; it
 *                         proves itself by a valid frame that names its tracker's IMEI (a real tracker's first
 *                         packet, its head packet, does at once)
 * @param maxPayloadLength frames announcing a longer payload are treated as garbage (the 15-bit length
 *                         field allows 32767; real trackers send up to ~6 KB despite the documented 1000)
 * @param mdsBitOrder      how to read the unverified compressed-packet minimal data set
 * @param iridiumCompressed whether Iridium payloads carry compressed (0x08-style) records: a device setting
 * @param commandTimeout   longest wait for the command channel before an ACK: a late next command is not
 *                         sent this time, a reply or photo not taken in time gets no ACK (the tracker re-sends)
 * @param maxPhotoBytes    largest photo assembled from a tracker's photo chunks (per connection)
 * @param maxFutureSkew    records dated later than now plus this are not stored but their packet quarantined
 *                         (a tracker's clock a little ahead is fine; the year 2100 is not)
 * @param quarantineMaxSize the quarantine keeps at most this many frame bytes, dropping the oldest first
 * @param quarantineMaxAge  quarantined packets older than this are dropped
 * @param logInterval      a log line that repeats (the same kind from the same client address) is written once
 *                         per interval, the rest counted in a summary line at its end (the metrics count each)
 */
@ConfigurationProperties("galileo.ingest")
public record IngestProperties(
        @DefaultValue("3003") int port,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue("1000") int maxConnections,
        @DefaultValue("100") int maxConnectionsPerAddress,
        @DefaultValue("100") int reservedConnections,
        @DefaultValue("10s") Duration handshakeTimeout,
        @DefaultValue("32767") int maxPayloadLength,
        @DefaultValue("MSB_FIRST") MdsBitOrder mdsBitOrder,
        @DefaultValue("false") boolean iridiumCompressed,
        @DefaultValue("2s") Duration commandTimeout,
        @DefaultValue("262144") int maxPhotoBytes,
        @DefaultValue("1d") Duration maxFutureSkew,
        @DefaultValue("64MB") DataSize quarantineMaxSize,
        @DefaultValue("30d") Duration quarantineMaxAge,
        @DefaultValue("60s") Duration logInterval) {

    public IngestProperties {
        if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("galileo.ingest.max-connections and .max-connections-per-address"
                    + " must be at least 1");
        }
        if (reservedConnections < 0 || reservedConnections >= maxConnections) {
            throw new IllegalArgumentException("galileo.ingest.reserved-connections (" + reservedConnections
                    + ") must be at least 0 and less than galileo.ingest.max-connections (" + maxConnections + ")");
        }
    }
}
