package io.galileosync.ingest;

import io.galileosync.store.TrackRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Collects the tags of one record while it is read. Tag readers call the setters; attributes keep the order in
 * which their tags arrived. Values that depend on other tags (HDOP vs LBS error, MDS and Iridium fallbacks) are
 * resolved in {@link #build()}, because compressed packets may list tags in any order.
 */
final class RecordBuilder {

    private final int index;
    private static final Set<String> HEAD_ATTRIBUTES = Set.of("hardwareVersion", "firmwareVersion", "deviceNumber");

    /** Sized for a record of many tags: growing the map was a tenth of the decoder's time. */
    private final Map<String, Object> attributes = new LinkedHashMap<>(64);

    private String imei;
    private String fallbackImei;
    private Integer hardwareVersion;
    private Integer firmwareVersion;
    private Integer deviceNumber;
    private int recordNumber = TrackRecord.NO_RECORD_NUMBER;
    private Long timeSeconds;
    private Integer milliseconds;
    private Long fallbackTimeMs;
    private Double latitude;
    private Double longitude;
    private Integer satellites;
    private Integer fixNibble;
    private Double fallbackLatitude;
    private Double fallbackLongitude;
    private String fallbackSource;
    private Double speed;
    private Double course;
    private Integer altitude;
    private Integer hdopRaw;
    private Integer status;
    private Integer supplyVoltage;
    private Integer batteryVoltage;
    private Integer temperature;
    private Integer outputs;
    private Integer inputs;
    private boolean command;

    /** @param index 1-based position of the record in its packet, for error messages */
    RecordBuilder(int index) {
        this.index = index;
    }

    int index() {
        return index;
    }

    void put(String name, Object value) {
        attributes.put(name, value);
    }

    void hardwareVersion(int value) {
        hardwareVersion = value;
        put("hardwareVersion", value);
    }

    void firmwareVersion(int value) {
        firmwareVersion = value;
        put("firmwareVersion", value);
    }

    void imei(String value) {
        imei = value;
    }

    void deviceNumber(int value) {
        deviceNumber = value;
        put("deviceNumber", value);
    }

    void recordNumber(int value) {
        recordNumber = value;
    }

    void timeSeconds(long value) {
        timeSeconds = value;
    }

    void milliseconds(int value) {
        milliseconds = value;
    }

    void position(int satellites, int fixNibble, double latitude, double longitude) {
        this.satellites = satellites;
        this.fixNibble = fixNibble;
        this.latitude = latitude;
        this.longitude = longitude;
        GalileoFix.describe(fixNibble, attributes);
    }

    void speedCourse(double speed, double course) {
        this.speed = speed;
        this.course = course;
    }

    void altitude(int value) {
        altitude = value;
    }

    void hdopRaw(int value) {
        hdopRaw = value;
    }

    void status(int value) {
        status = value;
        put("statusFlags", TagTable.statusFlags(value));
    }

    void supplyVoltage(int value) {
        supplyVoltage = value;
    }

    void batteryVoltage(int value) {
        batteryVoltage = value;
    }

    void temperature(int value) {
        temperature = value;
    }

    void outputs(int value) {
        outputs = value;
    }

    void inputs(int value) {
        inputs = value;
    }

    void command() {
        command = true;
    }

    /** The record's IMEI when it has no tag 03 (the Iridium modem IMEI). */
    void fallbackImei(String value) {
        fallbackImei = value;
    }

    /** A time that counts only when the record has no tag 0x20. */
    void fallbackTime(Long timeMs) {
        fallbackTimeMs = timeMs;
    }

    Long fallbackTime() {
        return fallbackTimeMs;
    }

    /** A position that counts only when the record has no tag 0x30; {@code source} becomes attribute fixSource. */
    void fallbackPosition(double latitude, double longitude, String source) {
        fallbackLatitude = latitude;
        fallbackLongitude = longitude;
        fallbackSource = source;
    }

    void clearFallbackPosition() {
        fallbackLatitude = null;
        fallbackLongitude = null;
        fallbackSource = null;
    }

    String fallbackSource() {
        return fallbackSource;
    }

    Double fallbackLatitude() {
        return fallbackLatitude;
    }

    Double fallbackLongitude() {
        return fallbackLongitude;
    }

    boolean hasPosition() {
        return latitude != null;
    }

    /**
     * A record needs a time, a position, a command, or any tag beyond the identity tags 01-04 (a head packet
     * that also carries sensor values keeps them as a record: nothing a tracker sent is dropped).
     */
    boolean isDataRecord() {
        return timeSeconds != null || latitude != null || command || !HEAD_ATTRIBUTES.containsAll(attributes.keySet());
    }

    boolean hasHeadTags() {
        return imei != null || hardwareVersion != null || firmwareVersion != null || deviceNumber != null;
    }

    DeviceHead head() {
        return new DeviceHead(imei, hardwareVersion, firmwareVersion, deviceNumber);
    }

    DecodedRecord build() {
        Double hdop = hdopRaw == null ? null : GalileoFix.hdop(hdopRaw, fixNibble, attributes);
        Long timeMs = fallbackTimeMs;
        if (timeSeconds != null) {
            timeMs = timeSeconds * 1000 + (milliseconds == null ? 0 : milliseconds);
        } else if (milliseconds != null) {
            put("milliseconds", milliseconds);
        }
        Double lat = latitude;
        Double lon = longitude;
        Boolean fixValid = fixNibble == null ? null : GalileoFix.valid(fixNibble);
        if (lat == null && fallbackSource != null) {
            lat = fallbackLatitude;
            lon = fallbackLongitude;
            fixValid = true;
            put("fixSource", fallbackSource);
        }
        TrackRecord content = new TrackRecord("", 0, recordNumber, lat, lon, satellites, fixValid, speed, course,
                altitude, hdop, status, supplyVoltage, batteryVoltage, temperature, outputs, inputs,
                Collections.unmodifiableMap(attributes));
        return new DecodedRecord(imei != null ? imei : fallbackImei, timeMs, content);
    }
}
