package io.galileosync.ingest;

import io.galileosync.store.TrackRecord;
import io.galileosync.simulate.PacketEncoder;
import io.galileosync.simulate.PayloadWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test fixture shared by decoder and TCP-level tests: builds Galileosky frames and random main packets whose
 * decoded form is known in advance.
 *
 * <p>The generator writes every tag from PROTOCOL.md §2 with random values, independent of the decoder's tables,
 * so {@code decode(generated.payload())} must equal {@code generated.expected()} exactly (same value types).
 * Bytes and frames are written by the simulator's {@link PayloadWriter} and {@link PacketEncoder}.
 * Stable API: {@link #hex}, {@link #randomMainPacket}, {@link GeneratedPacket}.
 */
public final class TestPackets {

    /** Payload of a 0x01 main packet plus what the decoder must return for it. */
    public record GeneratedPacket(byte[] payload, DeviceHead head, List<DecodedRecord> records) {

        public DecodedPacket expected() {
            return new DecodedPacket(head, records);
        }

        /** The payload framed as header 0x01 with length word and CRC. */
        public byte[] frame(boolean archiveFlag) {
            return PacketEncoder.frame(GalileoFrame.HEAD_MAIN, payload, archiveFlag);
        }
    }

    private static final double TAG_PROBABILITY = 0.3;
    private static final List<Encoder> ENCODERS = encoders();

    private TestPackets() {
    }

    /** Hex digits to bytes; whitespace is ignored, so hex can be grouped for reading. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    /** A head packet as trackers send it first on a connection: tag 03 (IMEI) and tag 04 (device number 50). */
    public static byte[] head(String imei) {
        byte[] ascii = imei.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[ascii.length + 4];
        payload[0] = 0x03;
        System.arraycopy(ascii, 0, payload, 1, ascii.length);
        payload[ascii.length + 1] = 0x04;
        payload[ascii.length + 2] = 0x32;
        return PacketEncoder.frame(0x01, payload, true);
    }

    /**
     * One main-packet record as hex: tag 10 (archive number), tag 20 (device time, epoch seconds) and tag 30 (a
     * GNSS fix of 7 satellites at the given latitude and longitude in millionths of a degree).
     */
    public static String recordHex(int recordNumber, long epochSeconds, int latitudeE6, int longitudeE6) {
        return "10" + littleEndianHex(recordNumber, 2) + "20" + littleEndianHex(epochSeconds, 4) + "3007"
                + littleEndianHex(latitudeE6, 4) + littleEndianHex(longitudeE6, 4);
    }

    /** A main packet (archive flag set) of the records given as hex. */
    public static byte[] mainPacket(String... recordsHex) {
        return PacketEncoder.frame(0x01, hex(String.join("", recordsHex)), true);
    }

    private static String littleEndianHex(long value, int bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            hex.append(String.format("%02x", (value >>> (8 * i)) & 0xFF));
        }
        return hex.toString();
    }

    /**
     * A main-packet payload of {@code records} records. Each record has tag 0x20 (so it is a record and the next
     * one starts with a smaller tag id), tag 03 when {@code imeiOrNull} is given, and a random ascending subset of
     * the other fixed-length tags with random values.
     */
    public static GeneratedPacket randomMainPacket(Random rnd, int records, String imeiOrNull) {
        PayloadWriter payload = new PayloadWriter();
        List<DecodedRecord> decoded = new ArrayList<>();
        DeviceHead head = null;
        for (int i = 0; i < records; i++) {
            Expected record = new Expected(imeiOrNull);
            for (Encoder encoder : ENCODERS) {
                boolean required = encoder.id() == 0x20 || (encoder.id() == 0x03 && imeiOrNull != null);
                boolean allowed = encoder.id() != 0x03 || imeiOrNull != null;
                if (required || (allowed && rnd.nextDouble() < TAG_PROBABILITY)) {
                    payload.tag(encoder.id());
                    encoder.write(rnd, payload, record);
                }
            }
            if (head == null && record.hasHead()) {
                head = record.head();
            }
            decoded.add(record.build());
        }
        return new GeneratedPacket(payload.toByteArray(), head, decoded);
    }

    /** Writes the value bytes of one tag and records what the decoder must make of them. */
    private record Encoder(int id, Writer writer) {
        void write(Random rnd, PayloadWriter out, Expected e) {
            writer.write(rnd, out, e);
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(Random rnd, PayloadWriter out, Expected e);
    }

    /** Ascending by tag id, as tags appear inside a record. */
    private static List<Encoder> encoders() {
        List<Encoder> list = new ArrayList<>();
        list.add(new Encoder(0x01, (rnd, out, e) -> e.hardwareVersion = (int) le(out, rnd, 1)));
        list.add(new Encoder(0x02, (rnd, out, e) -> e.firmwareVersion = (int) le(out, rnd, 1)));
        list.add(new Encoder(0x03, (rnd, out, e) -> out.ascii(e.imei)));
        list.add(new Encoder(0x04, (rnd, out, e) -> e.deviceNumber = (int) le(out, rnd, 2)));
        list.add(new Encoder(0x10, (rnd, out, e) -> e.recordNumber = (int) le(out, rnd, 2)));
        unsigned(list, 0x11, "recordNumber32", 4);
        // 2000 to 2022: never ahead of the clock, as a tracker's time (a later one is quarantined at ingest)
        list.add(new Encoder(0x20, (rnd, out, e) ->
                e.timeSeconds = write(out, 946_684_800L + rnd.nextInt(700_000_000), 4)));
        list.add(new Encoder(0x21, (rnd, out, e) -> e.milliseconds = (int) write(out, rnd.nextInt(1000), 2)));
        list.add(new Encoder(0x30, (rnd, out, e) -> {
            e.satellites = rnd.nextInt(16);
            e.fixNibble = rnd.nextInt(4) == 0 ? 2 : rnd.nextInt(16);
            int lat = rnd.nextInt(180_000_001) - 90_000_000;
            int lon = rnd.nextInt(360_000_001) - 180_000_000;
            write(out, e.fixNibble << 4 | e.satellites, 1);
            write(out, lat, 4);
            write(out, lon, 4);
            e.latitude = lat / 1e6;
            e.longitude = lon / 1e6;
            e.attributes.put("fixSource", e.fixNibble == 0 ? "gnss" : e.fixNibble == 2 ? "lbs" : "invalid");
            e.attributes.put("fixValidity", e.fixNibble);
        }));
        list.add(new Encoder(0x33, (rnd, out, e) -> {
            e.speed = le(out, rnd, 2) / 10.0;
            e.course = le(out, rnd, 2) / 10.0;
        }));
        list.add(new Encoder(0x34, (rnd, out, e) -> e.altitude = (int) (short) le(out, rnd, 2)));
        list.add(new Encoder(0x35, (rnd, out, e) -> e.hdopRaw = (int) le(out, rnd, 1)));
        list.add(new Encoder(0x36, (rnd, out, e) -> e.attributes.put("pdop", le(out, rnd, 1) / 10.0)));
        list.add(new Encoder(0x40, (rnd, out, e) -> {
            e.status = (int) le(out, rnd, 2);
            e.attributes.put("statusFlags", TagTable.statusFlags(e.status));
        }));
        list.add(new Encoder(0x41, (rnd, out, e) -> e.supplyVoltage = (int) le(out, rnd, 2)));
        list.add(new Encoder(0x42, (rnd, out, e) -> e.batteryVoltage = (int) le(out, rnd, 2)));
        list.add(new Encoder(0x43, (rnd, out, e) -> e.temperature = (int) (byte) le(out, rnd, 1)));
        list.add(new Encoder(0x44, (rnd, out, e) -> {
            long v = le(out, rnd, 4);
            e.attributes.put("acceleration", map("x", (int) (v & 0x3FF), "y", (int) (v >>> 10 & 0x3FF),
                    "z", (int) (v >>> 20 & 0x3FF)));
        }));
        list.add(new Encoder(0x45, (rnd, out, e) -> e.outputs = (int) le(out, rnd, 2)));
        list.add(new Encoder(0x46, (rnd, out, e) -> e.inputs = (int) le(out, rnd, 2)));
        list.add(new Encoder(0x47, (rnd, out, e) -> e.attributes.put("ecoDrive", map(
                "acceleration", (int) le(out, rnd, 1), "braking", (int) le(out, rnd, 1),
                "cornering", (int) le(out, rnd, 1), "bump", (int) le(out, rnd, 1)))));
        unsignedRange(list, 0x50, 8, 0, "analogInput", 2);
        unsigned(list, 0x58, "rs232_0", 2);
        unsigned(list, 0x59, "rs232_1", 2);
        unsigned(list, 0x5A, "rep500", 4);
        list.add(new Encoder(0x5C, (rnd, out, e) -> {
            List<Map<String, Object>> sensors = new ArrayList<>();
            for (int i = 0; i < 34; i++) {
                sensors.add(map("pressure", (int) le(out, rnd, 1), "status", (int) le(out, rnd, 1)));
            }
            e.attributes.put("tpms", sensors);
        }));
        unsigned(list, 0x5D, "dosimeter", 3);
        unsignedRange(list, 0x60, 3, 0, "fuelLevel", 2);
        for (int i = 3; i <= 15; i++) {
            String name = "fuelLevel" + i;
            list.add(new Encoder(0x60 + i, (rnd, out, e) ->
                    e.attributes.put(name, map("level", (int) le(out, rnd, 2),
                            "temperature", (int) (byte) le(out, rnd, 1)))));
        }
        for (int i = 0; i < 8; i++) {
            String name = "oneWire" + i;
            list.add(new Encoder(0x70 + i, (rnd, out, e) ->
                    e.attributes.put(name, map("id", (int) le(out, rnd, 1),
                            "temperature", (int) (byte) le(out, rnd, 1)))));
        }
        unsignedRange(list, 0x78, 6, 8, "input", 2);
        for (int i = 0; i < 8; i++) {
            String name = "ds1923_" + i;
            list.add(new Encoder(0x80 + i, (rnd, out, e) -> e.attributes.put(name, map("id", (int) le(out, rnd, 1),
                    "temperature", (int) (byte) le(out, rnd, 1), "humidity", le(out, rnd, 1) * 100.0 / 255))));
        }
        signedRange(list, 0x88, 2, "rs232Ext");
        signedRange(list, 0x8A, 3, "fuelTemperature");
        unsigned(list, 0x90, "iButton1", 4);
        unsignedRange(list, 0xA0, 16, 15, "can8BitR", 1);
        unsignedRange(list, 0xB0, 10, 5, "can16BitR", 2);
        list.add(new Encoder(0xC0, (rnd, out, e) -> e.attributes.put("canFuelTotal", le(out, rnd, 4) * 0.5)));
        list.add(new Encoder(0xC1, (rnd, out, e) -> e.attributes.put("canA1", map("fuelPercent", le(out, rnd, 1) * 0.4,
                "coolantTemperature", (int) le(out, rnd, 1) - 40, "rpm", le(out, rnd, 2) * 0.125))));
        list.add(new Encoder(0xC2, (rnd, out, e) -> e.attributes.put("canMileage", le(out, rnd, 4) * 5)));
        unsigned(list, 0xC3, "canB1", 4);
        unsignedRange(list, 0xC4, 15, 0, "can8BitR", 1);
        unsigned(list, 0xD3, "iButton2", 4);
        unsigned(list, 0xD4, "odometer", 4);
        unsigned(list, 0xD5, "iButtonKeys", 1);
        unsignedRange(list, 0xD6, 5, 0, "can16BitR", 2);
        unsignedRange(list, 0xDB, 5, 0, "can32BitR", 4);
        unsignedRange(list, 0xE2, 8, 0, "userData", 4);
        unsignedRange(list, 0xF0, 10, 5, "can32BitR", 4);
        return List.copyOf(list);
    }

    /** Unsigned little-endian attribute: Integer up to 3 bytes, Long for 4. */
    private static void unsigned(List<Encoder> list, int id, String name, int width) {
        list.add(new Encoder(id, (rnd, out, e) -> {
            long v = le(out, rnd, width);
            e.attributes.put(name, width == 4 ? (Object) v : (Object) (int) v);
        }));
    }

    private static void unsignedRange(List<Encoder> list, int firstId, int count, int firstNumber, String prefix,
                                      int width) {
        for (int i = 0; i < count; i++) {
            unsigned(list, firstId + i, prefix + (firstNumber + i), width);
        }
    }

    private static void signedRange(List<Encoder> list, int firstId, int count, String prefix) {
        for (int i = 0; i < count; i++) {
            String name = prefix + i;
            list.add(new Encoder(firstId + i, (rnd, out, e) -> e.attributes.put(name, (int) (byte) le(out, rnd, 1))));
        }
    }

    /** Writes {@code width} random bytes and returns them read as an unsigned little-endian number. */
    private static long le(PayloadWriter out, Random rnd, int width) {
        long v = rnd.nextLong() & ((1L << (8 * width)) - 1);
        return write(out, v, width);
    }

    private static long write(PayloadWriter out, long v, int width) {
        out.le(v, width);
        return v;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** What one generated record must decode to. */
    private static final class Expected {
        final String imei;
        final Map<String, Object> attributes = new LinkedHashMap<>();
        Integer hardwareVersion;
        Integer firmwareVersion;
        Integer deviceNumber;
        int recordNumber = TrackRecord.NO_RECORD_NUMBER;
        long timeSeconds;
        Integer milliseconds;
        Double latitude;
        Double longitude;
        Integer satellites;
        Integer fixNibble;
        Double speed;
        Double course;
        Integer altitude;
        Integer hdopRaw;
        Integer status;
        Integer supplyVoltage;
        Integer batteryVoltage;
        Integer temperature;
        Integer outputs;
        Integer inputs;

        Expected(String imei) {
            this.imei = imei;
        }

        boolean hasHead() {
            return imei != null || hardwareVersion != null || firmwareVersion != null || deviceNumber != null;
        }

        DeviceHead head() {
            return new DeviceHead(imei, hardwareVersion, firmwareVersion, deviceNumber);
        }

        DecodedRecord build() {
            putIfSet("hardwareVersion", hardwareVersion);
            putIfSet("firmwareVersion", firmwareVersion);
            putIfSet("deviceNumber", deviceNumber);
            boolean lbs = fixNibble != null && fixNibble == 2;
            Double hdop = hdopRaw == null || lbs ? null : hdopRaw / 10.0;
            if (hdopRaw != null && lbs) {
                attributes.put("lbsErrorMeters", hdopRaw * 10);
            }
            Boolean fixValid = fixNibble == null ? null : fixNibble == 0 || fixNibble == 2;
            long timeMs = timeSeconds * 1000 + (milliseconds == null ? 0 : milliseconds);
            return new DecodedRecord(imei, timeMs, new TrackRecord("", 0, recordNumber, latitude, longitude,
                    satellites, fixValid, speed, course, altitude, hdop, status, supplyVoltage, batteryVoltage,
                    temperature, outputs, inputs, attributes));
        }

        private void putIfSet(String name, Integer value) {
            if (value != null) {
                attributes.put(name, value);
            }
        }
    }
}
