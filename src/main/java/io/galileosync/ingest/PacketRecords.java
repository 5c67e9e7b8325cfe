package io.galileosync.ingest;

import io.galileosync.store.TrackRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a decoded packet into storable records: the IMEI from the session where a record has none. */
final class PacketRecords {

    private PacketRecords() {
    }

    /**
     * @param sessionImei the IMEI of the connection's head packet, or null
     * @param receivedAt  the time used for records without tag 0x20 (e.g. command replies), marked as such
     * @throws PacketDecodeException when a record has no IMEI and the session knows none either
     */
    static List<TrackRecord> of(DecodedPacket packet, String sessionImei, long receivedAt)
            throws PacketDecodeException {
        String imei = packetImei(packet, sessionImei);
        List<TrackRecord> records = new ArrayList<>(packet.records().size());
        for (DecodedRecord decoded : packet.records()) {
            String recordImei = decoded.imei() != null ? decoded.imei() : imei;
            if (recordImei == null) {
                throw new PacketDecodeException("records without an IMEI: no head packet on this connection yet");
            }
            records.add(decoded.timeMs() != null
                    ? decoded.toTrackRecord(recordImei, decoded.timeMs())
                    : withServerTime(decoded.toTrackRecord(recordImei, receivedAt)));
        }
        return records;
    }

    /** Tag 03 of the packet's head, else the connection's IMEI (null when neither is known). */
    static String packetImei(DecodedPacket packet, String sessionImei) {
        return packet.head() != null && packet.head().imei() != null ? packet.head().imei() : sessionImei;
    }

    private static TrackRecord withServerTime(TrackRecord r) {
        Map<String, Object> attributes = new LinkedHashMap<>(r.attributes());
        attributes.put("timeSource", "server");
        return r.withAttributes(attributes);
    }
}
