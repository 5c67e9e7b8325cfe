package io.galileosync.ingest;

import static io.galileosync.ingest.GalileoBytes.hex;
import static io.galileosync.ingest.GalileoBytes.i16;
import static io.galileosync.ingest.GalileoBytes.i32;
import static io.galileosync.ingest.GalileoBytes.i64;
import static io.galileosync.ingest.GalileoBytes.i8;
import static io.galileosync.ingest.GalileoBytes.u16;
import static io.galileosync.ingest.GalileoBytes.u32;
import static io.galileosync.ingest.GalileoBytes.u8;
import static io.galileosync.ingest.TagTable.map;

/**
 * Extended tags inside tag 0xFE (PROTOCOL.md §4). The FE block carries its own length, so an id this table does
 * not know (or a value that would overrun the block) only ends the block: its remaining bytes are kept as hex.
 */
final class ExtendedTagTable {

    /** @param length value length in bytes */
    record ExtTag(int id, String name, int length, TagTable.Value value) {
    }

    /** SPN (J1939/ISOBUS) tags: count byte plus count × (address + value of a width only an SPN table knows). */
    static final int SPN_FIRST = 0x2724;

    private static final ExtTag[] TAGS = new ExtTag[256];
    private static final String[] SATELLITE_SYSTEMS = {"Gps", "Glonass", "Beidou", "Galileo"};

    static {
        TagTable.Value modbus = (b, o, n) -> i32(b, o) / 100.0;
        range(0x0001, 32, 0, "modbus", 4, modbus);
        range(0x0021, 64, 0, "bluetooth", 4, (b, o, n) -> i32(b, o));
        range(0x0061, 32, 32, "modbus", 4, modbus);
        add(0x0081, "cid", 2, (b, o, n) -> u16(b, o));
        add(0x0082, "lac", 2, (b, o, n) -> u16(b, o));
        add(0x0083, "mcc", 2, (b, o, n) -> u16(b, o));
        add(0x0084, "mnc", 2, (b, o, n) -> u16(b, o));
        add(0x0085, "rssi", 1, (b, o, n) -> u8(b, o));
        range(0x0086, 8, 0, "extTemperature", 4, (b, o, n) ->
                map("id", u16(b, o), "temperature", i16(b, o + 2) / 256.0));
        for (int i = 0; i < SATELLITE_SYSTEMS.length; i++) {
            add(0x008E + i, "satellites" + SATELLITE_SYSTEMS[i], 4, (b, o, n) ->
                    map("visible", u8(b, o), "used", u8(b, o + 1), "snrAvg", u8(b, o + 2), "snrMax", u8(b, o + 3)));
        }
        add(0x0092, "imsi", 15, GalileoBytes::asciiText);
        add(0x0093, "simSlot", 1, (b, o, n) -> u8(b, o));
        add(0x0094, "ccid", 20, GalileoBytes::asciiText);
        add(0x0095, "cidExtended", 4, (b, o, n) -> u32(b, o));
        add(0x00A4, "wifiStatus", 1, (b, o, n) -> u8(b, o));
        add(0x00A5, "wifiError", 1, (b, o, n) -> u8(b, o));
        add(0x00A6, "gsmStatus", 1, (b, o, n) -> u8(b, o));
        add(0x00A7, "networkRegistration", 1, (b, o, n) -> u8(b, o));
        add(0x00A8, "gprsStatus", 1, (b, o, n) -> u8(b, o));
        add(0x00A9, "freeRam", 4, (b, o, n) -> u32(b, o));
        add(0x00AB, "archiveStatus", 12, (b, o, n) ->
                map("total", u32(b, o), "sentMain", u32(b, o + 4), "sentSecond", u32(b, o + 8)));
        add(0x00AC, "lastRecordNumber", 4, (b, o, n) -> u32(b, o));
        add(0x00AD, "wifiMac", 6, GalileoBytes::hexValue);
        add(0x00AE, "bleMac", 6, GalileoBytes::hexValue);
        add(0x00AF, "selfDiagnostics", 14, (b, o, n) ->
                map("lastResetTime", i64(b, o), "rebootReason", u16(b, o + 8), "rebootCount", u32(b, o + 10)));
        add(0x00B0, "snrTotal", 1, (b, o, n) -> u8(b, o));
        add(0x00B1, "sdCardStatus", 1, (b, o, n) -> u8(b, o));
        add(0x00B2, "sdCardError", 1, (b, o, n) -> u8(b, o));
        add(0x00B3, "collectorArchive", 12, (b, o, n) ->
                map("total", u32(b, o), "sentMain", u32(b, o + 4), "reserve", u32(b, o + 8)));
        range(0x00B4, 3, 1, "clientMac", 6, GalileoBytes::hexValue);
        range(0x00D9, 34, 0, "tpmsWheel", 3, (b, o, n) ->
                map("pressure", u8(b, o), "temperature", i8(b, o + 1), "status", u8(b, o + 2)));
        add(0x00FC, "recordReason", 1, (b, o, n) -> u8(b, o));
        add(0x00FD, "iButton64_1", 8, GalileoBytes::hexValue);
        add(0x00FE, "iButton64_2", 8, GalileoBytes::hexValue);
    }

    private ExtendedTagTable() {
    }

    static ExtTag get(int id) {
        return id >= 0 && id < TAGS.length ? TAGS[id] : null;
    }

    /** Main packet: {@code [off, end)} holds {u16 id, value} pairs. */
    static void readBlock(byte[] b, int off, int end, RecordBuilder r) {
        int pos = off;
        while (pos < end) {
            if (pos + 2 > end) {
                r.put("extTrailing", hex(b, pos, end));
                return;
            }
            int id = u16(b, pos);
            if (!readOne(id, b, pos + 2, end, r, hex(b, pos, pos + 2))) {
                return;
            }
            pos += 2 + TAGS[id].length();
        }
    }

    /** Compressed packet: {@code [off, end)} holds the values of {@code ids}, in that order, without ids. */
    static void readListed(int[] ids, byte[] b, int off, int end, RecordBuilder r) {
        int pos = off;
        for (int id : ids) {
            if (!readOne(id, b, pos, end, r, String.format("%02x%02x", id & 0xFF, id >>> 8))) {
                return;
            }
            pos += TAGS[id].length();
        }
        if (pos < end) {
            r.put("extTrailing", hex(b, pos, end));
        }
    }

    /**
     * Reads the value of {@code id} at {@code pos}; false when it cannot be sized, after keeping the rest of the
     * block as hex ({@code idHex} is how the id looks on the wire, so an SPN block stays self-describing).
     */
    private static boolean readOne(int id, byte[] b, int pos, int end, RecordBuilder r, String idHex) {
        if (id >= SPN_FIRST) {
            r.put("spnRaw", idHex + hex(b, pos, end));
            return false;
        }
        ExtTag tag = get(id);
        if (tag == null || tag.length() > end - pos) {
            r.put(unknownName(id), hex(b, pos, end));
            return false;
        }
        r.put(tag.name(), tag.value().of(b, pos, tag.length()));
        return true;
    }

    static String unknownName(int id) {
        return String.format("ext_0x%04x", id);
    }

    private static void add(int id, String name, int length, TagTable.Value value) {
        TAGS[id] = new ExtTag(id, name, length, value);
    }

    private static void range(int firstId, int count, int firstNumber, String prefix, int length,
                              TagTable.Value value) {
        for (int i = 0; i < count; i++) {
            add(firstId + i, prefix + (firstNumber + i), length, value);
        }
    }
}
