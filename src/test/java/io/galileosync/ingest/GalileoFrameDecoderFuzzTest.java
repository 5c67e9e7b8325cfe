package io.galileosync.ingest;

import io.galileosync.simulate.PacketEncoder;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.galileosync.ingest.FrameStreams.FrameView;
import io.galileosync.ingest.FrameStreams.Outcome;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jazzer fuzzes the TCP framing ({@link GalileoFrameDecoder}): whatever the bytes and however TCP cuts them, the
 * same frames come out, only {@link CorruptedFrameException} is thrown, the heap it takes is bounded by the
 * input, and every frame is whole: its length as declared, a valid CRC that re-encodes to the same bytes, the
 * same frame when its bytes come alone, and the same kind of frame when its stored bytes are read back (as the
 * quarantine re-decode does).
 *
 * <p>Input: byte 0 is the number {@code k} (mod 9) of chunk sizes that follow (each byte + 1); the rest is the
 * stream, fed in chunks of those sizes in turn, or one byte at a time when {@code k} is 0.
 */
class GalileoFrameDecoderFuzzTest {

    static Stream<byte[]> frameStream() {
        List<byte[]> streams = new ArrayList<>(VectorSeeds.frames());
        streams.addAll(VectorSeeds.streams());
        return streams.stream().flatMap(stream -> Stream.of(
                VectorSeeds.prefixed(new byte[] {0}, stream),
                VectorSeeds.prefixed(new byte[] {3, 2, 6, (byte) 200}, stream)));
    }

    @MethodSource
    @DictionaryFile(resourcePath = "/galileosky/galileosky.dict")
    @FuzzTest
    void frameStream(byte[] input) throws Exception {
        int k = input.length == 0 ? 0 : (input[0] & 0xFF) % 9;
        int start = Math.min(input.length, 1 + k);
        int[] chunks = new int[Math.max(0, start - 1)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = (input[1 + i] & 0xFF) + 1;
        }
        byte[] stream = Arrays.copyOfRange(input, start, input.length);

        Outcome[] whole = new Outcome[1];
        HeapAllocation.withinBudget(stream.length, () -> whole[0] = FrameStreams.decode(stream));
        Outcome split = FrameStreams.decode(stream, chunks.length == 0 ? new int[] {1} : chunks);
        assertThat(split).as("the same stream cut differently").isEqualTo(whole[0]);
        for (FrameView frame : whole[0].frames()) {
            assertWhole(frame);
        }
    }

    /**
     * Found by fuzzing: {@code 01 00 80} and a CRC is a whole empty main packet, and {@code 01 00 80 01 00 1C}
     * starts an Iridium frame; which one it was depended on whether TCP had delivered the sixth byte yet.
     */
    @Test
    void anEmptyMainPacketOrAnIridiumStartIsDecidedAlikeHoweverTcpCuts() {
        byte[] stream = TestPackets.hex("01 00 80 01 00 1C 03 15 E0");
        Outcome waiting = new Outcome(List.of(), 0, null);
        assertThat(FrameStreams.decode(stream)).isEqualTo(waiting);
        assertThat(FrameStreams.decode(stream, new int[] {1})).isEqualTo(waiting);
    }

    /**
     * An Iridium length too short to hold the frame's own IE01 made a 3-byte "Iridium frame" that the quarantine
     * read back as a main packet (and failed on); such bytes are a main packet, here one with a bad CRC.
     */
    @Test
    void anIridiumMarkWithALengthTooShortForItsHeaderIsAMainPacket() {
        assertThat(FrameStreams.decode(TestPackets.hex("01 00 00 01 00 1C"))).isEqualTo(new Outcome(List.of(), 1, null));
    }

    private static void assertWhole(FrameView frame) {
        byte[] bytes = frame.bytes();
        if (frame.iridium()) {
            assertThat(bytes.length).as("Iridium length").isEqualTo(3 + GalileoBytes.u16be(bytes, 1));
        } else {
            assertThat(bytes.length).as("frame length").isEqualTo(5 + (GalileoBytes.u16(bytes, 1) & 0x7FFF));
            byte[] payload = Arrays.copyOfRange(bytes, 3, bytes.length - 2);
            boolean archiveBit = (bytes[2] & 0x80) != 0;
            assertThat(PacketEncoder.frame(frame.header(), payload, archiveBit)).as("re-encoded").isEqualTo(bytes);
            assertThat(frame.archive()).isEqualTo(archiveBit
                    && (frame.header() == GalileoFrame.HEAD_MAIN || frame.header() == GalileoFrame.COMPRESSED));
        }
        assertThat(FrameStreams.decode(bytes)).as("the frame alone").isEqualTo(new Outcome(List.of(frame), 0, null));
        assertThat(new FrameView(GalileoFrame.of(bytes))).as("read back from its stored bytes").isEqualTo(frame);
    }
}
