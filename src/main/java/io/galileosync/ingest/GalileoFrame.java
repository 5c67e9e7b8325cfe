package io.galileosync.ingest;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One whole frame as it came off the wire (header, length word, payload, CRC), its CRC already checked.
 *
 * @param header  the first byte (0x01 main/head/reply, 0x08 compressed, 0x04/0x07 photo, 0x06 Garmin)
 * @param archive bit 15 of the length word: the tracker still holds unsent records
 * @param iridium an Iridium SBD DirectIP frame (big-endian lengths, no CRC, no ACK)
 */
public record GalileoFrame(int header, boolean archive, boolean iridium, byte[] bytes) {

    public static final int HEAD_MAIN = 0x01;
    public static final int GARMIN = 0x06;
    public static final int PHOTO = 0x07;
    public static final int PHOTO_LEGACY = 0x04;
    public static final int COMPRESSED = 0x08;
    /** The first six bytes tell an Iridium frame from a main packet. */
    static final int IRIDIUM_MIN_LENGTH = 6;

    /**
     * Iridium DirectIP: {@code 01 | u16 BE | 01 00 1C} (IE 01 with its fixed length 28).
     *
     * @param ieId     byte 3, the first information element's id
     * @param ieLength bytes 4-5 (big-endian), its length
     */
    static boolean isIridium(int header, int ieId, int ieLength) {
        return header == HEAD_MAIN && ieId == 0x01 && ieLength == 0x001C;
    }

    /** A frame from its whole bytes (as kept in the quarantine). */
    public static GalileoFrame of(byte[] bytes) {
        int header = bytes[0] & 0xFF;
        boolean iridium = bytes.length >= IRIDIUM_MIN_LENGTH
                && isIridium(header, bytes[3] & 0xFF, ((bytes[4] & 0xFF) << 8) | (bytes[5] & 0xFF));
        boolean archive = !iridium && (header == HEAD_MAIN || header == COMPRESSED) && (bytes[2] & 0x80) != 0;
        return new GalileoFrame(header, archive, iridium, bytes);
    }

    /** The bytes between the 3-byte header+length and the 2-byte CRC. */
    public byte[] payload() {
        return Arrays.copyOfRange(bytes, 3, bytes.length - 2);
    }

    /** The CRC exactly as sent (two bytes, little-endian), which the ACK echoes. */
    public byte[] crcBytes() {
        return Arrays.copyOfRange(bytes, bytes.length - 2, bytes.length);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }
}
