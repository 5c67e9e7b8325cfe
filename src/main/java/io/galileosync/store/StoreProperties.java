package io.galileosync.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The group commit's settings, under the {@code galileo.ingest} names they have always had.
 *
 * @param maxBatchPackets most packets committed in one group-commit transaction
 * @param writeQueue      packets waiting for the writer; beyond that a packet is refused (no ACK: re-sent)
 * @param forceCommits    each commit is forced to the storage device before it is acknowledged (H2: {@code
 *                        CHECKPOINT SYNC}), so an ACKed record survives a power cut, not only a crash of the
 *                        process; false trades that for speed on slow flash
 */
@ConfigurationProperties("galileo.ingest")
public record StoreProperties(@DefaultValue("500") int maxBatchPackets, @DefaultValue("10000") int writeQueue,
                              @DefaultValue("true") boolean forceCommits) {
}
