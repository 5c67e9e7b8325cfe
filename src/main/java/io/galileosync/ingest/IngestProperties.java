package io.galileosync.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Galileosky TCP server's settings ({@code galileo.ingest.*}; the group commit's are the store's).
 *
 * @param port             Galileosky TCP port
 * @param host             address to bind (all interfaces by default)
 * @param idleTimeout      a tracker connection silent this long is closed
 * @param maxConnections   connections beyond this are refused (closed at once, counted)
 * @param maxPayloadLength frames announcing a longer payload are treated as garbage (the 15-bit length
 *                         field allows 32767; real trackers send up to ~6 KB despite the documented 1000)
 * @param mdsBitOrder      how to read the unverified compressed-packet minimal data set
 * @param iridiumCompressed whether Iridium payloads carry compressed (0x08-style) records: a device setting
 * @param commandTimeout   longest wait for the command channel before an ACK: a late next command is not
 *                         sent this time, a reply or photo not taken in time gets no ACK (the tracker re-sends)
 * @param maxPhotoBytes    largest photo assembled from a tracker's photo chunks (per connection)
 */
@ConfigurationProperties("galileo.ingest")
public record IngestProperties(
        @DefaultValue("3003") int port,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue("1000") int maxConnections,
        @DefaultValue("32767") int maxPayloadLength,
        @DefaultValue("MSB_FIRST") MdsBitOrder mdsBitOrder,
        @DefaultValue("false") boolean iridiumCompressed,
        @DefaultValue("2s") Duration commandTimeout,
        @DefaultValue("262144") int maxPhotoBytes) {
}
