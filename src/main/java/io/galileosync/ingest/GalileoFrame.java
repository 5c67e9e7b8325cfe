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
    /** Bytes that tell an Iridium frame from a main packet: {@code 01 | u16 BE length | 01 00 1C}. */
    static final int IRIDIUM_MARK_LENGTH = 6;
    /** IE01 is the MO header, always 28 bytes. */
    private static final int IRIDIUM_HEADER_IE = 0x01;
    static final int IRIDIUM_HEADER_IE_LENGTH = 0x1C;

    /**
     * Iridium SBD DirectIP (PROTOCOL.md §7): {@code 01 | u16 BE length | IE01 00 1C}, with a length that holds
     * that IE01 (3 + 28 bytes); otherwise the same bytes are a main packet, so both readers of frames (the
     * frame decoder and {@link #of}) must decide alike.
     */
    static boolean isIridium(int header, int bigEndianLength, int firstIe, int firstIeLength) {
        return header == HEAD_MAIN && firstIe == IRIDIUM_HEADER_IE && firstIeLength == IRIDIUM_HEADER_IE_LENGTH
                && bigEndianLength >= 3 + IRIDIUM_HEADER_IE_LENGTH;
    }

    /** A frame from its whole bytes (as kept in the quarantine): at least header, length word and CRC. */
    public static GalileoFrame of(byte[] bytes) {
        int header = bytes[0] & 0xFF;
        boolean iridium = bytes.length >= IRIDIUM_MARK_LENGTH && isIridium(header, GalileoBytes.u16be(bytes, 1),
                bytes[3] & 0xFF, GalileoBytes.u16be(bytes, 4));
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
