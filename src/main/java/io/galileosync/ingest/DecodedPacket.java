package io.galileosync.ingest;

import java.util.List;

/**
 * @param head    identity tags of the packet, or null when no tag 01/02/03/04 was present
 * @param records archive records in the order received
 */
public record DecodedPacket(DeviceHead head, List<DecodedRecord> records) {

    public DecodedPacket {
        records = List.copyOf(records);
    }
}
