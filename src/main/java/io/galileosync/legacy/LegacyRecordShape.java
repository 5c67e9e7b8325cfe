package io.galileosync.legacy;

import io.galileosync.store.StoredRecord;
import io.galileosync.store.TrackRecord;
import io.galileosync.sync.WireRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Our records in the original app's record shape, for the old node a legacy push answers. Our exact record
 * rides along in the tag {@value LegacyFormat#OWN_TAG}, so a record that comes back the same way is ours again.
 */
final class LegacyRecordShape {

    private LegacyRecordShape() {
    }

    static Map<String, Object> of(StoredRecord o) {
        TrackRecord t = o.record();
        Map<String, Object> attributes = t.attributes();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("timestamp", Instant.ofEpochMilli(o.receivedAt()).toString());
        r.put("deviceId", t.imei());
        r.put("imei", t.imei());
        r.put("clientAddress", null);
        r.put("recordIndex", null);
        r.put("latitude", t.latitude());
        r.put("longitude", t.longitude());
        r.put("satellites", t.satellites());
        Object validity = attributes.get("fixValidity");
        r.put("correctness", validity instanceof Number ? validity : t.fixValid() == null ? null : t.fixValid() ? 0 : 1);
        r.put("speed", t.speed());
        r.put("direction", t.course());
        r.put("height", t.altitude());
        r.put("hdop", t.hdop() == null ? null : Math.round(t.hdop() * 10));
        r.put("status", t.status());
        r.put("supplyVoltage", t.supplyVoltage());
        r.put("batteryVoltage", t.batteryVoltage());
        r.put("temperature", t.temperature());
        r.put("outputs", bits(t.outputs(), "output"));
        r.put("inputs", bits(t.inputs(), "input"));
        for (int i = 0; i <= 5; i++) {
            r.put("inputVoltage" + i, attributes.get("analogInput" + i));
        }
        for (int i = 0; i <= 2; i++) {
            r.put("userData" + i, attributes.get("userData" + i));
        }
        for (int i = 0; i <= 1; i++) {
            r.put("modbus" + i, attributes.get("modbus" + i));
        }
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put(LegacyFormat.OWN_TAG, Map.of("value", WireRecord.Track.of(t), "type", "galileo-sync-record",
                "description", "the record as Galileo Sync holds it (keeps a round trip lossless)"));
        r.put("tags", tags);
        r.put("archiveNumber", t.recordNumber() == TrackRecord.NO_RECORD_NUMBER ? null : t.recordNumber());
        long seconds = Math.floorDiv(t.timeMs(), 1000);
        r.put("datetime", Instant.ofEpochSecond(seconds).toString().replace("Z", ".000Z"));
        r.put("milliseconds", (int) Math.floorMod(t.timeMs(), 1000));
        return r;
    }

    private static Map<String, Object> bits(Integer raw, String prefix) {
        if (raw == null) {
            return null;
        }
        Map<String, Object> states = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            states.put(prefix + i, (raw >> i & 1) == 1);
        }
        String binary = String.format("%16s", Integer.toBinaryString(raw & 0xFFFF)).replace(' ', '0');
        return Map.of("raw", raw, "binary", binary, "states", states);
    }

}
