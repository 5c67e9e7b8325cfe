package io.galileosync.store;

import java.util.List;

/**
 * What one tracker packet asks the store to commit atomically: its records, what it told about the device,
 * and work of the caller's own that must commit in the same transaction (e.g. keeping an undecodable packet).
 *
 * @param sighting the device seen (null when the packet named no IMEI)
 * @param also     run in the same transaction after the records are written; null for nothing
 */
public record WriteRequest(List<TrackRecord> records, DeviceSighting sighting, long receivedAt, StoreWork also) {

    public WriteRequest {
        records = List.copyOf(records);
    }

    public WriteRequest(List<TrackRecord> records, DeviceSighting sighting, long receivedAt) {
        this(records, sighting, receivedAt, null);
    }

    /** What a head packet or any packet tells about its tracker; null fields are left as they were. */
    public record DeviceSighting(String imei, Integer hardwareVersion, Integer firmwareVersion,
                                 Integer deviceNumber, String remoteAddress) {
    }
}
