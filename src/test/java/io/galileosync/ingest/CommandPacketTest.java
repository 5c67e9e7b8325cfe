package io.galileosync.ingest;

import static io.galileosync.ingest.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galileosync.ingest.GalileoPacketDecoderTest.Vector;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command encoder against the official example and every real command and reply frame in vectors.json
 * (replies without EB have exactly the command layout, so they check it with other device and command numbers).
 */
class CommandPacketTest {

    /** PROTOCOL.md §6 / DOC19 table 7: the {@code status} command, identical in the 2019, 2023 and EN editions. */
    private static final String OFFICIAL_STATUS_COMMAND =
            "01 2000 03 383638323034303035363437383338 04 0000 E0 00000000 E1 06 737461747573 5022";

    private final GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);

    @Test
    void encodesTheOfficialStatusExampleExactly() {
        byte[] encoded = CommandPacket.of("868204005647838", 0, "status").encode();
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(HexFormat.of().formatHex(hex(OFFICIAL_STATUS_COMMAND)));
        assertThat(encoded).hasSize(37).isEqualTo(GalileoPacketDecoderTest.vector(23).bytes());
    }

    @Test
    void encodesTraccarsEncoderTestFrameExactly() {
        Vector traccar = GalileoPacketDecoderTest.vector(17);
        assertThat(traccar.kind()).isEqualTo("server->device command (encoder)");
        assertThat(CommandPacket.of("123456789012345", 0, "status").encode()).isEqualTo(traccar.bytes());
    }

    static Stream<Vector> realCommandLayoutFrames() {
        return GalileoPacketDecoderTest.vectors().stream()
                .filter(v -> v.kind().contains("command") && !v.kind().contains("INVALID"));
    }

    /** Every real command and reply frame, decoded by the tag table and encoded again, gives the same bytes. */
    @ParameterizedTest(name = "vector {0}")
    @MethodSource("realCommandLayoutFrames")
    void reEncodesEveryRealCommandAndReplyFrameByteForByte(Vector vector) throws Exception {
        DecodedPacket packet = decoder.decode(vector.header(), vector.payload());
        CommandReply fields = CommandReplies.of(packet, null, 0).get(0);
        CommandPacket command = new CommandPacket(fields.imei(), packet.head().deviceNumber(), fields.commandNumber(),
                fields.text());
        assertThat(HexFormat.of().formatHex(command.encode())).isEqualTo(HexFormat.of().formatHex(vector.bytes()));
    }

    @Test
    void realCommandLayoutFramesAreAllChecked() {
        // commands 17, 23 and replies 4, 5, 24, 38, 39 (device numbers 0, 50, 102, 327; command numbers 0 and 1)
        assertThat(realCommandLayoutFrames().map(Vector::index)).containsExactlyInAnyOrder(4, 5, 17, 23, 24, 38, 39);
    }

    @Test
    void refusesTheSixteenCharacterImeiOfMaproxsEncoderTest() {
        Vector maprox = GalileoPacketDecoderTest.vector(46);
        assertThat(maprox.kind()).contains("INVALID");
        assertThatThrownBy(() -> new CommandPacket("2345545456444445", 0x0403, 0x255072FAL, "Makephoto 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IMEI must be 15 digits, not \"2345545456444445\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "86820400564783", "86820400564783X", "８６８２０４００５６４７８３８",
            " 868204005647838"})
    void refusesImeisThatAreNotFifteenDigits(String imei) {
        assertThatThrownBy(() -> CommandPacket.of(imei, 0, "status")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IMEI must be 15 digits, not \"" + imei + "\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"-1|device number must be 0-65535, not -1",
            "65536|device number must be 0-65535, not 65536"})
    void refusesDeviceNumbersBeyondTwoBytes(int deviceNumber, String message) {
        assertThatThrownBy(() -> new CommandPacket("868204005647838", deviceNumber, 0, "status"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0x1_0000_0000L, Long.MAX_VALUE})
    void refusesCommandNumbersBeyondFourBytes(long number) {
        assertThatThrownBy(() -> CommandPacket.of("868204005647838", number, "status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command number must be 0-4294967295, not " + number);
    }

    @Test
    void largestNumbersAndLongestTextFit() throws Exception {
        String text = "Я".repeat(CommandPacket.MAX_TEXT_BYTES); // one byte each in CP1251
        CommandPacket command = new CommandPacket("868204005647838", 0xFFFF, 0xFFFF_FFFFL, text);
        byte[] frame = command.encode();
        assertThat(frame).hasSize(5 + 26 + 255);
        CommandReply decoded = decodeOne(frame);
        assertThat(decoded.commandNumber()).isEqualTo(0xFFFF_FFFFL);
        assertThat(decoded.text()).isEqualTo(text);
    }

    @Test
    void refusesTextLongerThanItsLengthByte() {
        assertThatThrownBy(() -> CommandPacket.of("868204005647838", 1, "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command text is 256 bytes in CP1251; tag E1 holds at most 255");
    }

    @Test
    void refusesEmptyText() {
        assertThatThrownBy(() -> CommandPacket.of("868204005647838", 1, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("command text is empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Out 1,1 😀|U+1F600|8", "设置|U+8BBE|0", "APN € ok ŀ|U+0140|9"})
    void refusesTextCp1251CannotEncode(String text, String codePoint, int position) {
        assertThatThrownBy(() -> CommandPacket.of("868204005647838", 1, text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("command text: character " + codePoint + " at position " + position
                        + " has no code in CP1251");
    }

    @Test
    void cyrillicTextIsSentInCp1251() throws Exception {
        byte[] frame = CommandPacket.of("868204005647838", 7, "Привет").encode();
        // П р и в е т in CP1251
        assertThat(HexFormat.of().formatHex(frame, 29, 35)).isEqualTo("cff0e8e2e5f2");
        assertThat(decodeOne(frame).text()).isEqualTo("Привет");
    }

    @Test
    void nullFieldsAreNamed() {
        assertThatThrownBy(() -> CommandPacket.of(null, 1, "status")).hasMessage("imei");
        assertThatThrownBy(() -> CommandPacket.of("868204005647838", 1, null)).hasMessage("text");
    }

    /** Random valid commands survive encode, the frame decoder's checks and the tag table unchanged. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261124, 0xC0FFEE})
    void randomCommandsRoundTripThroughTheDecoder(long seed) throws Exception {
        Random random = new Random(seed);
        String alphabet = "abcXYZ 0123456789,.;:=-_АБВЯабвяЁё№€«»";
        for (int i = 0; i < 500; i++) {
            StringBuilder imei = new StringBuilder();
            for (int d = 0; d < 15; d++) {
                imei.append((char) ('0' + random.nextInt(10)));
            }
            StringBuilder text = new StringBuilder();
            for (int c = 1 + random.nextInt(CommandPacket.MAX_TEXT_BYTES); c > 0; c--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            CommandPacket command = new CommandPacket(imei.toString(), random.nextInt(0x10000),
                    random.nextLong() & 0xFFFF_FFFFL, text.toString());
            byte[] frame = command.encode();
            DecodedPacket packet = decoder.decode(frame[0], GalileoFrame.of(frame).payload());
            assertThat(packet.head().deviceNumber()).as("seed %d case %d", seed, i).isEqualTo(command.deviceNumber());
            assertThat(CommandReplies.of(packet, null, 5)).as("seed %d case %d", seed, i)
                    .containsExactly(new CommandReply(command.imei(), command.commandNumber(), command.text(), null, 5));
        }
    }

    /** Checks length and CRC the way the frame decoder does, then reads the one reply-shaped record. */
    private CommandReply decodeOne(byte[] frame) throws PacketDecodeException {
        int length = (frame[1] & 0xFF) | (frame[2] & 0xFF) << 8;
        assertThat(frame).hasSize(5 + length);
        assertThat(Crc16.modbus(frame, 0, frame.length - 2))
                .isEqualTo((frame[frame.length - 2] & 0xFF) | (frame[frame.length - 1] & 0xFF) << 8);
        List<CommandReply> replies = CommandReplies.of(decoder.decode(1, GalileoFrame.of(frame).payload()), null, 0);
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }
}
