package io.galileosync.ingest;

import static io.galileosync.ingest.GalileoBytes.CP1251;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A command from the server to a tracker (PROTOCOL.md §6, DOC19 table 7):
 * {@code 01 | u16 LE length | 03 IMEI(15) | 04 u16 device number | E0 u32 command number | E1 u8 n + CP1251 text |
 * CRC-16/MODBUS LE}. The length word has no archive bit. Every field is checked when the value is made, so a
 * command that exists can always be encoded; the checks throw {@link IllegalArgumentException} with a message
 * meant for the person who typed the command.
 *
 * @param imei          the tracker's IMEI, 15 ASCII digits
 * @param deviceNumber  tag 04, 0-65535. The tracker runs a command when its IMEI <em>or</em> its device number
 *                      matches; the official example and Traccar send 0 (see {@link #of})
 * @param commandNumber tag E0, 0-4294967295: any number the sender picks; the tracker echoes it in its reply
 * @param text          tag E1, e.g. {@code status} or {@code Makephoto 1}: 1-255 bytes in CP1251
 */
public record CommandPacket(String imei, int deviceNumber, long commandNumber, String text) {

    public static final int IMEI_LENGTH = 15;
    public static final int MAX_DEVICE_NUMBER = 0xFFFF;
    public static final long MAX_COMMAND_NUMBER = 0xFFFF_FFFFL;
    /** The one-byte length of tag E1. */
    public static final int MAX_TEXT_BYTES = 0xFF;

    private static final int HEADER = 0x01;
    private static final int TAG_IMEI = 0x03;
    private static final int TAG_DEVICE_NUMBER = 0x04;
    private static final int TAG_COMMAND_NUMBER = 0xE0;
    private static final int TAG_COMMAND_TEXT = 0xE1;
    /** Tag ids and fixed-size values: 03 + 15, 04 + 2, E0 + 4, E1 + its length byte. */
    private static final int FIXED_PAYLOAD = 1 + IMEI_LENGTH + 1 + 2 + 1 + 4 + 1 + 1;

    public CommandPacket {
        Objects.requireNonNull(imei, "imei");
        Objects.requireNonNull(text, "text");
        byte[] ascii = imei.getBytes(StandardCharsets.US_ASCII);
        if (imei.length() != IMEI_LENGTH || !GalileoBytes.isDigits(ascii, 0, ascii.length)) {
            throw new IllegalArgumentException("IMEI must be " + IMEI_LENGTH + " digits, not \"" + imei + "\"");
        }
        if (deviceNumber < 0 || deviceNumber > MAX_DEVICE_NUMBER) {
            throw new IllegalArgumentException(
                    "device number must be 0-" + MAX_DEVICE_NUMBER + ", not " + deviceNumber);
        }
        if (commandNumber < 0 || commandNumber > MAX_COMMAND_NUMBER) {
            throw new IllegalArgumentException(
                    "command number must be 0-" + MAX_COMMAND_NUMBER + ", not " + commandNumber);
        }
        textBytes(text);
    }

    /** A command addressed by IMEI alone (device number 0), as the official example and Traccar send it. */
    public static CommandPacket of(String imei, long commandNumber, String text) {
        return new CommandPacket(imei, 0, commandNumber, text);
    }

    /** The whole frame, CRC included, ready for the socket. */
    public byte[] encode() {
        byte[] textBytes = textBytes(text);
        int payloadLength = FIXED_PAYLOAD + textBytes.length;
        ByteBuffer frame = ByteBuffer.allocate(3 + payloadLength + 2).order(ByteOrder.LITTLE_ENDIAN);
        frame.put((byte) HEADER).putShort((short) payloadLength)
                .put((byte) TAG_IMEI).put(imei.getBytes(StandardCharsets.US_ASCII))
                .put((byte) TAG_DEVICE_NUMBER).putShort((short) deviceNumber)
                .put((byte) TAG_COMMAND_NUMBER).putInt((int) commandNumber)
                .put((byte) TAG_COMMAND_TEXT).put((byte) textBytes.length).put(textBytes);
        frame.putShort((short) Crc16.modbus(frame.array(), 0, frame.position()));
        return frame.array();
    }

    /** The text in CP1251, or a message naming the first character CP1251 has no code for. */
    private static byte[] textBytes(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("command text is empty");
        }
        CharsetEncoder encoder = CP1251.newEncoder();
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int codePoint = text.codePointAt(i);
            if (!encoder.canEncode(new String(Character.toChars(codePoint)))) {
                throw new IllegalArgumentException(String.format(
                        "command text: character U+%04X at position %d has no code in CP1251, the trackers' text"
                                + " encoding (Latin and Cyrillic letters, digits and punctuation do)", codePoint, i));
            }
        }
        byte[] bytes = text.getBytes(CP1251);
        if (bytes.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("command text is " + bytes.length + " bytes in CP1251; tag E1 holds"
                    + " at most " + MAX_TEXT_BYTES);
        }
        return bytes;
    }
}
