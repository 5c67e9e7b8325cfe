package io.galileosync.record;

import java.util.List;

/**
 * What one tracker packet asks the store to commit atomically: its records, what it told about the device,
 * and, for a packet that could not be decoded, its raw bytes for the quarantine.
 *
 * @param sighting   the device seen (null when the packet named no IMEI)
 * @param quarantine the raw packet to keep (null for a decoded packet)
 */
public record WriteRequest(List<TrackRecord> records, DeviceSighting sighting, QuarantineEntry quarantine,
                           long receivedAt) {

    public WriteRequest {
        records = List.copyOf(records);
    }

    /** What a head packet or any packet tells about its tracker; null fields are left as they were. */
    public record DeviceSighting(String imei, Integer hardwareVersion, Integer firmwareVersion,
                                 Integer deviceNumber, String remoteAddress) {
    }

    public record QuarantineEntry(String imei, String remoteAddress, int header, String reason, String frameHex) {
    }
}
