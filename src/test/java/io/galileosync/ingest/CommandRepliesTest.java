package io.galileosync.ingest;

import io.galileosync.simulate.PacketEncoder;
import static io.galileosync.ingest.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galileosync.ingest.GalileoPacketDecoderTest.Vector;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command replies picked out of decoded packets: the real reply frames, hex in, number and text out. */
class CommandRepliesTest {

    private static final long RECEIVED_AT = 1_750_000_000_000L;

    private final GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Traccar GalileoProtocolDecoderTest (2018): an input report
            "01560003383636303530303338343337353836044701e000000000e13c494e414c4c3a696e303d31313230362c696e313d302c"
                    + "696e323d302c696e333d302c696e343d302c696e353d302c4163633d3536363932343732353bfdef"
                    + "|866050038437586|0|INALL:in0=11206,in1=0,in2=0,in3=0,in4=0,in5=0,Acc=566924725;",
            // Traccar (2017, "Support Gelileo command response"): output states
            "012a0003383633353931303233353137333732046600e000000000e1104f555428332e2e3029203d2031313130bb29"
                    + "|863591023517372|0|OUT(3..0) = 1110",
            // maprox: GalileoCam's answer to "Makephoto 1", command number 1 and 0
            "01220003383638323034303030373238303730043200e001000000e10850686f746f206f6b13f6"
                    + "|868204000728070|1|Photo ok",
            "01220003383638323034303030373238303730043200e000000000e10850686f746f206f6b1337"
                    + "|868204000728070|0|Photo ok"})
    void realRepliesDecodeToTheirNumberAndText(String frameHex, String imei, long number, String text)
            throws Exception {
        assertThat(repliesIn(hex(frameHex), null))
                .containsExactly(new CommandReply(imei, number, text, null, RECEIVED_AT));
    }

    @Test
    void officialStatusReplyHasItsWholeText() throws Exception {
        Vector official = GalileoPacketDecoderTest.vector(24);
        assertThat(official.kind()).isEqualTo("command reply (official example)");
        String text = official.asserts().path("reply_text").asString();
        assertThat(text).hasSize(119).startsWith("Dev50 Soft=223 Pack=116").endsWith("SatCnt=0 A=0.00");
        assertThat(repliesIn(official.bytes(), null))
                .containsExactly(new CommandReply("868204005647838", 0, text, null, RECEIVED_AT));
    }

    @Test
    void binaryDataOfTagEbComesAsBytes() throws Exception {
        byte[] frame = PacketEncoder.frame(1, hex("03" + ascii("868204005647838") + "04 3200 E0 2A000000"
                + "E1 05" + ascii("Image") + "EB 04 FFD800D9"), false);
        CommandReply reply = repliesIn(frame, null).get(0);
        assertThat(reply.commandNumber()).isEqualTo(42);
        assertThat(reply.text()).isEqualTo("Image");
        assertThat(reply.binary()).containsExactly(0xFF, 0xD8, 0x00, 0xD9);
        assertThat(reply).isEqualTo(new CommandReply("868204005647838", 42, "Image", hex("FFD800D9"), RECEIVED_AT))
                .isNotEqualTo(new CommandReply("868204005647838", 42, "Image", hex("FFD800D8"), RECEIVED_AT));
        assertThat(reply.toString()).contains("binary=ffd800d9");
    }

    @Test
    void aReplyWithoutTagThreeBelongsToTheConnectionsTracker() throws Exception {
        byte[] frame = PacketEncoder.frame(1, hex("04 3200 E0 07000000 E1 02" + ascii("OK")), false);
        assertThat(repliesIn(frame, "352093089612345"))
                .containsExactly(new CommandReply("352093089612345", 7, "OK", null, RECEIVED_AT));
        assertThatThrownBy(() -> repliesIn(frame, null)).isInstanceOf(PacketDecodeException.class)
                .hasMessageContaining("without an IMEI");
    }

    @Test
    void aReplyWithoutTextHasEmptyText() throws Exception {
        byte[] frame = PacketEncoder.frame(1, hex("03" + ascii("868204005647838") + "E0 09000000"), false);
        assertThat(repliesIn(frame, null)).containsExactly(new CommandReply("868204005647838", 9, "", null, RECEIVED_AT));
    }

    @Test
    void textWithoutACommandNumberIsNoReply() throws Exception {
        byte[] frame = PacketEncoder.frame(1, hex("03" + ascii("868204005647838") + "E1 02" + ascii("OK")), false);
        assertThat(repliesIn(frame, null)).isEmpty();
    }

    /** Of all real frames, exactly those of command layout carry a reply; track records never do. */
    @Test
    void noRealMainPacketIsTakenForAReply() throws Exception {
        int mainPackets = 0;
        for (Vector vector : GalileoPacketDecoderTest.vectors()) {
            if (!vector.isMainOrCompressed() || vector.kind().contains("command")) {
                continue;
            }
            DecodedPacket packet;
            try {
                packet = decoder.decode(vector.header(), vector.payload());
            } catch (PacketDecodeException e) {
                continue;
            }
            assertThat(CommandReplies.of(packet, "351111111111111", RECEIVED_AT)).as("vector %s", vector).isEmpty();
            mainPackets++;
        }
        assertThat(mainPackets).isGreaterThanOrEqualTo(25);
    }

    private List<CommandReply> repliesIn(byte[] frame, String sessionImei) throws PacketDecodeException {
        GalileoFrame parsed = GalileoFrame.of(frame);
        return CommandReplies.of(decoder.decode(parsed.header(), parsed.payload()), sessionImei, RECEIVED_AT);
    }

    private static String ascii(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }
}
