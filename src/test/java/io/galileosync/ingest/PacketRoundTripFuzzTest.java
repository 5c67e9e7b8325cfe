package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.galileosync.FuzzRandom;
import io.galileosync.ingest.FrameStreams.FrameView;
import io.galileosync.ingest.FrameStreams.Outcome;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jazzer drives the independent encoder {@link TestPackets} (its random choices are the fuzzer's bytes): every
 * valid main packet it builds, framed with or without the archive flag and cut anywhere, comes out of the frame
 * decoder as exactly its frame and out of the packet decoder as exactly the records it encoded.
 */
class PacketRoundTripFuzzTest {

    private static final GalileoPacketDecoder DECODER = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);
    private static final String IMEI = "356000000000002";

    /** Seeded-random bytes: each seed is one packet the generator would also make from a seed. */
    static Stream<byte[]> validPacket() {
        return LongStream.range(0, 20).mapToObj(seed -> {
            byte[] bytes = new byte[600];
            new Random(seed).nextBytes(bytes);
            return bytes;
        });
    }

    @MethodSource
    @FuzzTest
    void validPacket(byte[] input) throws Exception {
        Random random = new FuzzRandom(input);
        TestPackets.GeneratedPacket packet = TestPackets.randomMainPacket(random, 1 + random.nextInt(8),
                random.nextBoolean() ? IMEI : null);
        byte[] frame = packet.frame(random.nextBoolean());
        int[] chunks = new int[1 + random.nextInt(4)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = 1 + random.nextInt(frame.length);
        }

        Outcome outcome = FrameStreams.decode(frame, chunks);
        assertThat(outcome.error()).isNull();
        assertThat(outcome.frames()).extracting(FrameView::hex).containsExactly(HexFormat.of().formatHex(frame));
        GalileoFrame decoded = outcome.frames().get(0).frame();
        assertThat(DECODER.decode(decoded.header(), decoded.payload())).isEqualTo(packet.expected());
    }
}
