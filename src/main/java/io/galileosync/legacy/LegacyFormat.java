package io.galileosync.legacy;

import io.galileosync.ingest.GalileoFix;
import io.galileosync.store.DeviceFill;
import io.galileosync.store.TrackRecord;
import io.galileosync.sync.WireRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The original Node app's record and device shapes (see {@code FORMATS.md} of the original app) and their
 * mapping onto ours. Device time is {@code datetime} (whole seconds) + {@code milliseconds}, as our ingest
 * computes it from tags 0x20/0x21, so the record key matches a native ingest of the same record; the old
 * {@code timestamp} (its receive time) becomes the receive time. {@code hdop} is unscaled, {@code height}
 * was read unsigned. Whatever has no field of ours goes to the attribute {@value #LEGACY_TAGS}. One class for
 * the whole old shape, field by field, so a reader checks it against {@code FORMATS.md} in one place.
 */
final class LegacyFormat {

    static final String LEGACY_TAGS = "legacyTags";
    /** A tag we put into records we hand to an old node, carrying our exact record so a round trip is lossless. */
    static final String OWN_TAG = "galileoSync";

    private static final Pattern IMEI = Pattern.compile("\\d{15}");
    /** Tags whose values the old app also put into the record's own fields, which are mapped instead. */
    private static final Set<String> FIELD_TAGS = Set.of("0x03", "0x10", "0x20", "0x21", "0x30", "0x33", "0x34",
            "0x35", "0x40", "0x41", "0x42", "0x43", "0x45", "0x46", "0x50", "0x51", "0x52", "0x53", "0x54", "0x55",
            "0xe2", "0xe3", "0xe4");
    /** Further tags that mean the same in the old app and ours (numeric values, same scale): our attribute name. */
    private static final Map<String, String> SIMPLE_TAGS = Map.ofEntries(
            Map.entry("0x56", "analogInput6"), Map.entry("0x57", "analogInput7"),
            Map.entry("0xe5", "userData3"), Map.entry("0xe6", "userData4"), Map.entry("0xe7", "userData5"),
            Map.entry("0xe8", "userData6"), Map.entry("0xe9", "userData7"));

    private LegacyFormat() {
    }

    /** One old record as ours, with its receive time. */
    record Mapped(TrackRecord record, long receivedAt, String clientAddress) {
    }

    /** An old record that cannot become one of ours; {@code headPacket}: the head-packet pseudo-record. */
    static final class Unmappable extends Exception {
        final boolean headPacket;

        Unmappable(String reason) {
            this(reason, false);
        }

        Unmappable(String reason, boolean headPacket) {
            super(reason, null, false, false);
            this.headPacket = headPacket;
        }
    }

    static Mapped toRecord(JsonNode r) throws Unmappable {
        if (r == null || !r.isObject()) {
            throw new Unmappable("not a JSON object");
        }
        String imei = text(r, "imei");
        if (imei == null) {
            imei = text(r, "deviceId");
        }
        if (imei == null || !IMEI.matcher(imei).matches()) {
            throw new Unmappable("IMEI " + (imei == null ? "missing" : "'" + abbreviate(imei) + "'")
                    + " is not 15 digits (the original parser mis-aligns on unknown tags)");
        }
        String datetime = text(r, "datetime");
        Double latitude = decimal(r, "latitude");
        Double longitude = decimal(r, "longitude");
        if (datetime == null) {
            if (latitude == null) {
                throw new Unmappable("head packet of " + imei + " (no device time, no position): not a record", true);
            }
            throw new Unmappable("no device time (datetime) to key the record by");
        }
        long timeMs;
        try {
            timeMs = Instant.parse(datetime).getEpochSecond() * 1000;
        } catch (DateTimeParseException e) {
            throw new Unmappable("datetime '" + abbreviate(datetime) + "' is not an ISO instant");
        }
        Long millis = integer(r, "milliseconds");
        if (millis != null) {
            timeMs += millis; // as our ingest does with tag 0x21, so the key matches a native ingest
        }
        Long archive = integer(r, "archiveNumber");
        int recordNumber = archive == null || archive < 0 || archive > 65535 ? TrackRecord.NO_RECORD_NUMBER
                : archive.intValue();
        long receivedAt = timeMs;
        String timestamp = text(r, "timestamp");
        if (timestamp != null) {
            try {
                receivedAt = Instant.parse(timestamp).toEpochMilli();
            } catch (DateTimeParseException e) {
                // keep the device time: deterministic, so a re-import stays a duplicate
            }
        }
        String clientAddress = text(r, "clientAddress");

        TrackRecord own = ownRecord(r, imei, timeMs, recordNumber);
        if (own != null) {
            return new Mapped(own, receivedAt, clientAddress);
        }

        Map<String, Object> attributes = new LinkedHashMap<>();
        Long correctness = integer(r, "correctness");
        Integer nibble = correctness == null ? null : correctness.intValue();
        Boolean fixValid = null;
        if (nibble != null) {
            fixValid = GalileoFix.valid(nibble);
            GalileoFix.describe(nibble, attributes);
        }
        Long hdopRaw = integer(r, "hdop");
        Double hdop = hdopRaw == null ? null : GalileoFix.hdop(hdopRaw.intValue(), nibble, attributes);
        Long height = integer(r, "height");
        Integer altitude = height == null ? null : (int) (height > 32767 && height <= 65535 ? height - 65536 : height);
        for (int i = 0; i <= 5; i++) {
            putNumber(attributes, "analogInput" + i, r.get("inputVoltage" + i));
        }
        for (int i = 0; i <= 2; i++) {
            putNumber(attributes, "userData" + i, r.get("userData" + i));
        }
        for (int i = 0; i <= 1; i++) {
            JsonNode modbus = r.get("modbus" + i);
            if (modbus != null && !modbus.isNull()) {
                attributes.put("modbus" + i, plain(modbus));
            }
        }
        Map<String, Object> unmapped = new LinkedHashMap<>();
        JsonNode tags = r.get("tags");
        if (tags != null && tags.isObject()) {
            for (Map.Entry<String, JsonNode> tag : tags.properties()) {
                String key = tag.getKey().toLowerCase();
                if (FIELD_TAGS.contains(key)) {
                    continue;
                }
                String name = SIMPLE_TAGS.get(key);
                JsonNode value = tag.getValue() == null ? null : tag.getValue().get("value");
                if (name != null && value != null && value.isNumber() && !attributes.containsKey(name)) {
                    attributes.put(name, value.numberValue());
                } else {
                    unmapped.put(tag.getKey(), plain(tag.getValue()));
                }
            }
        }
        if (!unmapped.isEmpty()) {
            attributes.put(LEGACY_TAGS, unmapped);
        }
        TrackRecord record = new TrackRecord(imei, timeMs, recordNumber, latitude, longitude,
                intOrNull(integer(r, "satellites")), fixValid, decimal(r, "speed"), decimal(r, "direction"),
                altitude, hdop, intOrNull(integer(r, "status")), intOrNull(integer(r, "supplyVoltage")),
                intOrNull(integer(r, "batteryVoltage")), intOrNull(integer(r, "temperature")), raw(r, "outputs"),
                raw(r, "inputs"), attributes);
        return new Mapped(record, receivedAt, clientAddress);
    }

    /** Our own record, carried through an old node in {@link #OWN_TAG}, when it still matches the old fields. */
    private static TrackRecord ownRecord(JsonNode r, String imei, long timeMs, int recordNumber) {
        JsonNode tags = r.get("tags");
        JsonNode own = tags == null ? null : tags.get(OWN_TAG);
        JsonNode value = own == null ? null : own.get("value");
        if (value == null || !value.isObject()) {
            return null;
        }
        try {
            TrackRecord record = ImportFormat.STREAM.treeToValue(value, WireRecord.Track.class).toTrackRecord();
            return record.imei().equals(imei) && record.timeMs() == timeMs && record.recordNumber() == recordNumber
                    ? record : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A devices.json entry as a device row. */
    static DeviceFill toDevice(String imei, JsonNode d) throws Unmappable {
        if (!IMEI.matcher(imei).matches()) {
            throw new Unmappable("device IMEI '" + abbreviate(imei) + "' is not 15 digits");
        }
        if (d == null || !d.isObject()) {
            throw new Unmappable("device " + imei + " is not a JSON object");
        }
        Long first = instant(text(d, "firstSeen"));
        Long last = instant(text(d, "lastSeen"));
        if (first == null && last == null) {
            throw new Unmappable("device " + imei + " has neither firstSeen nor lastSeen");
        }
        first = first == null ? last : first;
        last = last == null ? first : last;
        return new DeviceFill(imei, Math.min(first, last), Math.max(first, last),
                text(d, "clientAddress"));
    }

    private static Integer raw(JsonNode r, String field) {
        JsonNode node = r.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            node = node.get("raw");
        }
        return node != null && node.isIntegralNumber() ? node.intValue() : null;
    }

    private static void putNumber(Map<String, Object> attributes, String name, JsonNode value) {
        if (value != null && value.isNumber()) {
            attributes.put(name, value.numberValue());
        }
    }

    private static Object plain(JsonNode node) {
        return node == null || node.isNull() ? null : ImportFormat.STREAM.treeToValue(node, Object.class);
    }

    static String text(JsonNode r, String field) {
        JsonNode node = r.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static Double decimal(JsonNode r, String field) {
        JsonNode node = r.get(field);
        return node != null && node.isNumber() ? node.doubleValue() : null;
    }

    private static Long integer(JsonNode r, String field) {
        JsonNode node = r.get(field);
        if (node == null || !node.isNumber()) {
            return null;
        }
        return node.isIntegralNumber() ? node.longValue() : Math.round(node.doubleValue());
    }

    private static Integer intOrNull(Long value) {
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static Long instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
