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

    /** A frame from its whole bytes (as kept in the quarantine). */
    public static GalileoFrame of(byte[] bytes) {
        int header = bytes[0] & 0xFF;
        boolean iridium = header == HEAD_MAIN && bytes.length >= 6 && bytes[3] == 1 && bytes[4] == 0 && bytes[5] == 0x1C;
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
