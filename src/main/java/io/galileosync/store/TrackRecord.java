package io.galileosync.store;

import java.util.Map;

/**
 * One Galileosky archive record as stored: the record key {@code (imei, timeMs, recordNumber)}, the core
 * fields that get their own columns, and every other tag as a named attribute. Nullable fields are absent
 * when the tracker did not send the tag.
 *
 * @param fixValid   true for a correct GNSS or LBS fix (validity nibble 0 or 2), false otherwise
 * @param recordNumber the tracker's archive number (tag 0x10), or -1 when the record has none
 * @param attributes every tag that is not a core field, by name; values are numbers, strings, booleans,
 *                   or small maps/lists of those; never null
 */
public record TrackRecord(
        String imei,
        long timeMs,
        int recordNumber,
        Double latitude,
        Double longitude,
        Integer satellites,
        Boolean fixValid,
        Double speed,
        Double course,
        Integer altitude,
        Double hdop,
        Integer status,
        Integer supplyVoltage,
        Integer batteryVoltage,
        Integer temperature,
        Integer outputs,
        Integer inputs,
        Map<String, Object> attributes) {

    public static final int NO_RECORD_NUMBER = -1;

    public TrackRecord {
        attributes = attributes == null ? Map.of() : attributes;
    }

    public RecordKey key() {
        return new RecordKey(imei, timeMs, recordNumber);
    }

    /** The same content under another IMEI and time (the decoder learns both after the record's tags). */
    public TrackRecord withKey(String newImei, long newTimeMs) {
        return new TrackRecord(newImei, newTimeMs, recordNumber, latitude, longitude, satellites, fixValid, speed,
                course, altitude, hdop, status, supplyVoltage, batteryVoltage, temperature, outputs, inputs,
                attributes);
    }

    public TrackRecord withAttributes(Map<String, Object> newAttributes) {
        return new TrackRecord(imei, timeMs, recordNumber, latitude, longitude, satellites, fixValid, speed, course,
                altitude, hdop, status, supplyVoltage, batteryVoltage, temperature, outputs, inputs, newAttributes);
    }
}
