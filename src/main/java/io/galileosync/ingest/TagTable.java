package io.galileosync.ingest;

import static io.galileosync.ingest.GalileoBytes.CP1251;
import static io.galileosync.ingest.GalileoBytes.hex;
import static io.galileosync.ingest.GalileoBytes.i16;
import static io.galileosync.ingest.GalileoBytes.i32;
import static io.galileosync.ingest.GalileoBytes.i8;
import static io.galileosync.ingest.GalileoBytes.u16;
import static io.galileosync.ingest.GalileoBytes.u24;
import static io.galileosync.ingest.GalileoBytes.u32;
import static io.galileosync.ingest.GalileoBytes.u8;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main-packet tags (PROTOCOL.md §2): id, attribute name, value length and reader. Tag ids missing here
 * cannot be skipped (the wire carries no length), so they fail the packet. Its length is the protocol's: one
 * line per tag, kept together so the whole table reads in one place.
 */
final class TagTable {

    /** Reads a value of {@code len} bytes at {@code off} into the record. */
    @FunctionalInterface
    interface Reader {
        void read(byte[] b, int off, int len, RecordBuilder r) throws PacketDecodeException;
    }

    /** Turns the value bytes into an attribute value. */
    @FunctionalInterface
    interface Value {
        Object of(byte[] b, int off, int len);
    }

    /** Length of a variable value starting at {@code off}, or -1 when its length prefix is cut off. */
    @FunctionalInterface
    interface Sizer {
        int size(byte[] b, int off, int limit);
    }

    /** @param length value length in bytes, or {@link #VARIABLE} (then {@code sizer} tells) */
    record Tag(int id, String name, int length, Sizer sizer, Reader reader) {
    }

    static final int VARIABLE = -1;

    private static final Tag[] TAGS = new Tag[256];

    private static final String[] STATUS_BITS = {"moving", "tilt", "iButtonConnected", "noSimCard", "inGeofence",
            "lowInternalBattery", "gnssAntennaDisconnected", "internalSupplyAbnormal", "externalSupplyAbnormal",
            "ignition", "impact", "gnssModuleBit", null, null, "alarmMode", "alarmTriggered"};
    private static final String[] EXTENDED_STATUS_BITS = {"mainServerConnected", "gprsSession", "gsmJamming",
            "secondServerConnected", "gnssJamming", "usbConnected", "sdCardPresent"};
    private static final FlagMaps STATUS_FLAGS = new FlagMaps(STATUS_BITS,
            (status, flags) -> flags.put("gsmSignal", (status >>> 12) & 3));
    private static final FlagMaps EXTENDED_STATUS_FLAGS = new FlagMaps(EXTENDED_STATUS_BITS, null);
    private static final String[] CHANNEL_LINKS = {null, "gsm", "wifi", "ble"};
    private static final String[] CHANNEL_TARGETS = {null, "server", "hub"};
    /** Extra bytes of a 0x5B value per set flag bit (DOC19 tables 15-18). */
    private static final int[] REFRIGERATOR_BLOCKS = {0, 10, 10, 10, 2, 2, 2, 2, 2, 2, 32, 20, 12, 2, 2, 0};
    private static final int REFRIGERATOR_FIXED = 7;
    private static final int TPMS_SENSORS = 34;

    static {
        core(0x01, "hardwareVersion", 1, (b, o, n, r) -> r.hardwareVersion(u8(b, o)));
        core(0x02, "firmwareVersion", 1, (b, o, n, r) -> r.firmwareVersion(u8(b, o)));
        core(0x03, "imei", 15, (b, o, n, r) -> r.imei(imei(b, o, r)));
        core(0x04, "deviceNumber", 2, (b, o, n, r) -> r.deviceNumber(u16(b, o)));
        core(0x10, "recordNumber", 2, (b, o, n, r) -> r.recordNumber(u16(b, o)));
        attribute(0x11, "recordNumber32", 4, (b, o, n) -> u32(b, o));
        core(0x20, "time", 4, (b, o, n, r) -> r.timeSeconds(u32(b, o)));
        core(0x21, "milliseconds", 2, (b, o, n, r) -> r.milliseconds(u16(b, o)));
        core(0x30, "position", 9, (b, o, n, r) ->
                r.position(u8(b, o) & 0x0F, u8(b, o) >>> 4, i32(b, o + 1) / 1e6, i32(b, o + 5) / 1e6));
        core(0x33, "speedCourse", 4, (b, o, n, r) -> r.speedCourse(u16(b, o) / 10.0, u16(b, o + 2) / 10.0));
        core(0x34, "altitude", 2, (b, o, n, r) -> r.altitude(i16(b, o)));
        core(0x35, "hdop", 1, (b, o, n, r) -> r.hdopRaw(u8(b, o)));
        attribute(0x36, "pdop", 1, (b, o, n) -> u8(b, o) / 10.0);
        core(0x40, "status", 2, (b, o, n, r) -> r.status(u16(b, o)));
        core(0x41, "supplyVoltage", 2, (b, o, n, r) -> r.supplyVoltage(u16(b, o)));
        core(0x42, "batteryVoltage", 2, (b, o, n, r) -> r.batteryVoltage(u16(b, o)));
        core(0x43, "temperature", 1, (b, o, n, r) -> r.temperature(i8(b, o)));
        attribute(0x44, "acceleration", 4, TagTable::acceleration);
        core(0x45, "outputs", 2, (b, o, n, r) -> r.outputs(u16(b, o)));
        core(0x46, "inputs", 2, (b, o, n, r) -> r.inputs(u16(b, o)));
        attribute(0x47, "ecoDrive", 4, (b, o, n) ->
                map("acceleration", u8(b, o), "braking", u8(b, o + 1), "cornering", u8(b, o + 2),
                        "bump", u8(b, o + 3)));
        core(0x48, "extendedStatus", 2, (b, o, n, r) -> {
            r.put("extendedStatus", u16(b, o));
            r.put("extendedStatusFlags", EXTENDED_STATUS_FLAGS.of(u16(b, o)));
        });
        attribute(0x49, "channel", 1, TagTable::channel);
        range(0x50, 8, 0, "analogInput", 2, (b, o, n) -> u16(b, o));
        attribute(0x58, "rs232_0", 2, (b, o, n) -> u16(b, o));
        attribute(0x59, "rs232_1", 2, (b, o, n) -> u16(b, o));
        attribute(0x5A, "rep500", 4, (b, o, n) -> u32(b, o));
        variable(0x5B, "refrigerator", TagTable::refrigeratorSize, TagTable::refrigerator);
        attribute(0x5C, "tpms", TPMS_SENSORS * 2, TagTable::tpms);
        attribute(0x5D, "dosimeter", 3, (b, o, n) -> u24(b, o));
        range(0x60, 3, 0, "fuelLevel", 2, (b, o, n) -> u16(b, o));
        range(0x63, 13, 3, "fuelLevel", 3, (b, o, n) -> map("level", u16(b, o), "temperature", i8(b, o + 2)));
        range(0x70, 8, 0, "oneWire", 2, (b, o, n) -> map("id", u8(b, o), "temperature", i8(b, o + 1)));
        range(0x78, 6, 8, "input", 2, (b, o, n) -> u16(b, o));
        range(0x80, 8, 0, "ds1923_", 3, (b, o, n) ->
                map("id", u8(b, o), "temperature", i8(b, o + 1), "humidity", u8(b, o + 2) * 100.0 / 255));
        range(0x88, 2, 0, "rs232Ext", 1, (b, o, n) -> i8(b, o));
        range(0x8A, 3, 0, "fuelTemperature", 1, (b, o, n) -> i8(b, o));
        attribute(0x90, "iButton1", 4, (b, o, n) -> u32(b, o));
        range(0xA0, 16, 15, "can8BitR", 1, (b, o, n) -> u8(b, o));
        range(0xB0, 10, 5, "can16BitR", 2, (b, o, n) -> u16(b, o));
        attribute(0xC0, "canFuelTotal", 4, (b, o, n) -> u32(b, o) * 0.5);
        attribute(0xC1, "canA1", 4, (b, o, n) ->
                map("fuelPercent", u8(b, o) * 0.4, "coolantTemperature", u8(b, o + 1) - 40,
                        "rpm", u16(b, o + 2) * 0.125));
        attribute(0xC2, "canMileage", 4, (b, o, n) -> u32(b, o) * 5);
        attribute(0xC3, "canB1", 4, (b, o, n) -> u32(b, o));
        range(0xC4, 15, 0, "can8BitR", 1, (b, o, n) -> u8(b, o));
        attribute(0xD3, "iButton2", 4, (b, o, n) -> u32(b, o));
        attribute(0xD4, "odometer", 4, (b, o, n) -> u32(b, o));
        attribute(0xD5, "iButtonKeys", 1, (b, o, n) -> u8(b, o));
        range(0xD6, 5, 0, "can16BitR", 2, (b, o, n) -> u16(b, o));
        range(0xDB, 5, 0, "can32BitR", 4, (b, o, n) -> u32(b, o));
        core(0xE0, "commandNumber", 4, (b, o, n, r) -> {
            r.command();
            r.put("commandNumber", u32(b, o));
        });
        variable(0xE1, "commandText", TagTable::bytePrefixed, (b, o, n, r) -> {
            r.command();
            r.put("commandText", new String(b, o + 1, n - 1, CP1251));
        });
        range(0xE2, 8, 0, "userData", 4, (b, o, n) -> u32(b, o));
        // a map, so that the array type (DOC19 table 19) can join the hex once its position is known
        variable(0xEA, "userArray", TagTable::bytePrefixed, (b, o, n, r) ->
                r.put("userArray", map("hex", hex(b, o + 1, o + n))));
        variable(0xEB, "commandBinary", TagTable::bytePrefixed, (b, o, n, r) -> {
            r.command();
            r.put("commandBinary", hex(b, o + 1, o + n));
        });
        range(0xF0, 10, 5, "can32BitR", 4, (b, o, n) -> u32(b, o));
        variable(0xFE, "extended", TagTable::wordPrefixed, (b, o, n, r) ->
                ExtendedTagTable.readBlock(b, o + 2, o + n, r));
    }

    private TagTable() {
    }

    static Tag get(int id) {
        return TAGS[id & 0xFF];
    }

    /**
     * Reads the value of {@code tag} starting at {@code off} (just after the tag id, if any) and returns the offset
     * after it.
     */
    static int readValue(Tag tag, byte[] b, int off, int limit, RecordBuilder r) throws PacketDecodeException {
        int length = tag.length() == VARIABLE ? tag.sizer().size(b, off, limit) : tag.length();
        if (length < 0 || length > limit - off) {
            throw new PacketDecodeException(String.format(
                    "tag 0x%02x (%s) at offset %d in record %d needs %s bytes but %d remain", tag.id(), tag.name(),
                    off, r.index(), length < 0 ? "more" : String.valueOf(length), limit - off));
        }
        tag.reader().read(b, off, length, r);
        return off + length;
    }

    static Map<String, Object> statusFlags(int status) {
        return STATUS_FLAGS.of(status);
    }

    private static void core(int id, String name, int length, Reader reader) {
        TAGS[id] = new Tag(id, name, length, null, reader);
    }

    private static void attribute(int id, String name, int length, Value value) {
        core(id, name, length, (b, o, n, r) -> r.put(name, value.of(b, o, n)));
    }

    /** {@code count} consecutive tags named prefix+firstNumber, prefix+firstNumber+1, ... */
    private static void range(int firstId, int count, int firstNumber, String prefix, int length, Value value) {
        for (int i = 0; i < count; i++) {
            attribute(firstId + i, prefix + (firstNumber + i), length, value);
        }
    }

    private static void variable(int id, String name, Sizer sizer, Reader reader) {
        TAGS[id] = new Tag(id, name, VARIABLE, sizer, reader);
    }

    private static int bytePrefixed(byte[] b, int off, int limit) {
        return off < limit ? 1 + u8(b, off) : -1;
    }

    private static int wordPrefixed(byte[] b, int off, int limit) {
        return off + 2 <= limit ? 2 + u16(b, off) : -1;
    }

    private static int refrigeratorSize(byte[] b, int off, int limit) {
        if (off + 3 > limit) {
            return -1;
        }
        int flags = u16(b, off + 1);
        int size = REFRIGERATOR_FIXED;
        for (int bit = 0; bit < 16; bit++) {
            if ((flags >>> bit & 1) != 0) {
                size += REFRIGERATOR_BLOCKS[bit];
            }
        }
        return size;
    }

    /** Type, flags and the 4 digital-input bytes, then one hex block per flag bit that adds bytes. */
    @SuppressWarnings("PMD.UnusedFormalParameter") // a tag reader: the table's signature, fixed length
    private static void refrigerator(byte[] b, int o, int n, RecordBuilder r) {
        int flags = u16(b, o + 1);
        Map<String, Object> value = map("type", u8(b, o), "flags", flags,
                "inputs", hex(b, o + 3, o + REFRIGERATOR_FIXED));
        int pos = o + REFRIGERATOR_FIXED;
        for (int bit = 0; bit < 16; bit++) {
            int size = REFRIGERATOR_BLOCKS[bit];
            if ((flags >>> bit & 1) != 0 && size > 0) {
                value.put("block" + bit, hex(b, pos, pos + size));
                pos += size;
            }
        }
        r.put("refrigerator", value);
    }

    private static List<Map<String, Object>> tpms(byte[] b, int o, int n) {
        List<Map<String, Object>> sensors = new ArrayList<>(n / 2);
        for (int i = o; i < o + n; i += 2) {
            sensors.add(map("pressure", u8(b, i), "status", u8(b, i + 1)));
        }
        return sensors;
    }

    @SuppressWarnings("PMD.UnusedFormalParameter") // a tag reader: the table's signature, fixed length
    private static Map<String, Object> acceleration(byte[] b, int o, int n) {
        int v = i32(b, o);
        return map("x", v & 0x3FF, "y", v >>> 10 & 0x3FF, "z", v >>> 20 & 0x3FF);
    }

    @SuppressWarnings("PMD.UnusedFormalParameter") // a tag reader: the table's signature, fixed length
    private static Map<String, Object> channel(byte[] b, int o, int n) {
        int v = u8(b, o);
        int link = v & 0xF;
        int target = v >>> 4;
        return map("value", v,
                "link", link < CHANNEL_LINKS.length && link > 0 ? CHANNEL_LINKS[link] : "unknown",
                "target", target < CHANNEL_TARGETS.length && target > 0 ? CHANNEL_TARGETS[target] : "unknown");
    }

    private static String imei(byte[] b, int o, RecordBuilder r) throws PacketDecodeException {
        if (!GalileoBytes.isDigits(b, o, 15)) {
            throw new PacketDecodeException(String.format(
                    "IMEI at offset %d in record %d is not 15 ASCII digits: %s", o, r.index(), hex(b, o, o + 15)));
        }
        return GalileoBytes.ascii(b, o, 15);
    }

    /** An insertion-ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>(keysAndValues.length); // no growing: half a load factor
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
