package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.galileosync.ingest.FrameStreams.Outcome;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jazzer fuzzes the quarantine re-decode, which reads a frame back from its stored bytes
 * ({@link GalileoFrame#of}) instead of taking it from the frame decoder. Whatever the bytes, it decodes or
 * refuses with the decoder's own {@link PacketDecodeException} (anything else is a 500 from
 * {@code POST /api/quarantine/{id}/redecode}), within the heap budget; and for bytes the frame decoder takes as
 * one whole frame, which is what gets stored, the outcome is the one the connection handler had.
 *
 * <p>Input: byte 0 holds the settings (bit 0: Iridium payloads compressed, bit 1: MDS bit order LSB_WORD), the
 * rest is the stored frame.
 */
class QuarantineRedecoderFuzzTest {

    private static final GalileoPacketDecoder MSB_FIRST = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);
    private static final GalileoPacketDecoder LSB_WORD = new GalileoPacketDecoder(MdsBitOrder.LSB_WORD);

    static Stream<byte[]> storedFrame() {
        return VectorSeeds.frames().stream().flatMap(frame -> Stream.of(
                VectorSeeds.prefixed(new byte[] {0}, frame), VectorSeeds.prefixed(new byte[] {1}, frame)));
    }

    @MethodSource
    @DictionaryFile(resourcePath = "/galileosky/galileosky.dict")
    @FuzzTest
    void storedFrame(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        boolean iridiumCompressed = (input[0] & 1) != 0;
        GalileoPacketDecoder decoder = (input[0] & 2) != 0 ? LSB_WORD : MSB_FIRST;
        byte[] stored = Arrays.copyOfRange(input, 1, input.length);

        Result[] redecoded = new Result[1];
        HeapAllocation.withinBudget(stored.length,
                () -> redecoded[0] = Result.of(() -> QuarantineRedecoder.decode(decoder, stored, iridiumCompressed)));
        Outcome framed = FrameStreams.decode(stored);
        if (framed.frames().size() == 1 && framed.frames().get(0).bytes().length == stored.length) {
            GalileoFrame frame = framed.frames().get(0).frame();
            if (frame.iridium() || frame.header() == GalileoFrame.HEAD_MAIN
                    || frame.header() == GalileoFrame.COMPRESSED) {
                assertThat(redecoded[0]).as("re-decoded as when it came in")
                        .isEqualTo(Result.of(() -> live(decoder, frame, iridiumCompressed)));
            }
        }
    }

    /** Found by fuzzing: bytes too short for a frame failed inside {@link GalileoFrame#of} instead. */
    @Test
    void bytesShorterThanAnyFrameStayQuarantined() {
        for (String stored : new String[] {"", "01", "01 00 00", "08 00 80 21"}) {
            assertThat(Result.of(() -> QuarantineRedecoder.decode(MSB_FIRST, TestPackets.hex(stored), false)).refusal())
                    .as(stored).contains("shorter than any frame");
        }
    }

    /** What {@link GalileoSessionHandler} does with a frame that carries records. */
    private static DecodedPacket live(GalileoPacketDecoder decoder, GalileoFrame frame, boolean iridiumCompressed)
            throws PacketDecodeException {
        return frame.iridium() ? decoder.decodeIridium(frame.bytes(), iridiumCompressed)
                : decoder.decode(frame.header(), frame.payload());
    }

    @FunctionalInterface
    private interface Decode {
        DecodedPacket run() throws PacketDecodeException;
    }

    /** The decoded packet, or the reason it stays quarantined. */
    private record Result(DecodedPacket packet, String refusal) {

        static Result of(Decode decode) {
            try {
                return new Result(decode.run(), null);
            } catch (PacketDecodeException e) {
                if (e.getCause() != null) {
                    throw new AssertionError("decoder error", e);
                }
                return new Result(null, e.getMessage());
            }
        }
    }
}
