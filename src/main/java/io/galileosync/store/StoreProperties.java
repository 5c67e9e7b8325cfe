package io.galileosync.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The group commit's settings, under the {@code galileo.ingest} names they have always had.
 *
 * @param maxBatchPackets most packets committed in one group-commit transaction
 * @param writeQueue      packets waiting for the writer; beyond that a packet is refused (no ACK: re-sent)
 * @param housekeeping    how often the writer compacts and syncs the H2 file ({@link H2Housekeeping}); 0 for never
 * @param forceCommits    each commit is forced to the storage device before it is acknowledged (H2: {@code
 *                        CHECKPOINT SYNC}), so an ACKed record survives a power cut, not only a crash of the
 *                        process; false trades that for speed on slow flash
 */
@ConfigurationProperties("galileo.ingest")
public record StoreProperties(@DefaultValue("500") int maxBatchPackets, @DefaultValue("10000") int writeQueue,
                              @DefaultValue("1s") Duration housekeeping, @DefaultValue("true") boolean forceCommits) {
}
