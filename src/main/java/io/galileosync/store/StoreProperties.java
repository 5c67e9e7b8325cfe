package io.galileosync.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The group commit's settings, under the {@code galileo.ingest} names they have always had.
 *
 * @param maxBatchPackets most packets committed in one group-commit transaction
 * @param writeQueue      packets waiting for the writer; beyond that a packet is refused (no ACK: re-sent)
 */
@ConfigurationProperties("galileo.ingest")
public record StoreProperties(@DefaultValue("500") int maxBatchPackets, @DefaultValue("10000") int writeQueue) {
}
