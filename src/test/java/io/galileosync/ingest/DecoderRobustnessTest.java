package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.galileosync.ingest.GalileoPacketDecoderTest.Vector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Whatever the bytes, only PacketDecodeException leaves the decoder, without an internal cause, and quickly.
 * Every case prints its seed on failure so it can be replayed.
 */
class DecoderRobustnessTest {

    private static final long SEED = 0x5EED_6A11_1E05L;
    private static final int CASES = 10_000;
    /** Generous for a loaded CI machine (a few seconds normally); it is there to catch endless loops. */
    private static final Duration TIME_LIMIT = Duration.ofSeconds(120);
    /** Tag ids whose values are variable-length or structural: good places to break things. */
    private static final byte[] SHARP_BYTES = {0x00, (byte) 0x80, (byte) 0xFF, (byte) 0xFE, 0x5B, (byte) 0xE1,
            (byte) 0xEA, 0x03, 0x20};

    private final List<GalileoPacketDecoder> decoders = List.of(new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST),
            new GalileoPacketDecoder(MdsBitOrder.LSB_WORD));

    @Test
    void mutatedVectorsFailCleanly() {
        List<Vector> vectors = GalileoPacketDecoderTest.vectors();
        assertTimeoutPreemptively(TIME_LIMIT, () -> {
            Random seeds = new Random(SEED);
            for (int i = 0; i < CASES; i++) {
                long seed = seeds.nextLong();
                Random rnd = new Random(seed);
                Vector vector = vectors.get(rnd.nextInt(vectors.size()));
                byte[] frame = vector.bytes();
                for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
                    frame = mutate(rnd, frame);
                }
                byte[] payload = frame.length > 5 ? Arrays.copyOfRange(frame, 3, frame.length - 2) : frame;
                byte[] iridium = frame;
                decodeCleanly(seed, () -> decoders.get(0).decode(0x01, payload));
                decodeCleanly(seed, () -> decoders.get(0).decodeIridium(iridium, false));
                // the MDS bit order matters only where compressed records are read
                for (GalileoPacketDecoder decoder : decoders) {
                    decodeCleanly(seed, () -> decoder.decode(0x08, payload));
                    decodeCleanly(seed, () -> decoder.decodeIridium(iridium, true));
                }
            }
        });
    }

    @Test
    void randomBytesFailCleanly() {
        assertTimeoutPreemptively(TIME_LIMIT, () -> {
            Random seeds = new Random(SEED + 1);
            for (int i = 0; i < CASES; i++) {
                long seed = seeds.nextLong();
                Random rnd = new Random(seed);
                byte[] bytes = new byte[rnd.nextInt(300)];
                rnd.nextBytes(bytes);
                // an Iridium-looking start gets the fuzz past the envelope checks
                if (bytes.length > 6 && rnd.nextBoolean()) {
                    bytes[0] = 1;
                    bytes[1] = (byte) ((bytes.length - 3) >>> 8);
                    bytes[2] = (byte) (bytes.length - 3);
                }
                decodeCleanly(seed, () -> decoders.get(0).decode(0x01, bytes));
                decodeCleanly(seed, () -> decoders.get(0).decodeIridium(bytes, false));
                for (GalileoPacketDecoder decoder : decoders) {
                    decodeCleanly(seed, () -> decoder.decode(0x08, bytes));
                    decodeCleanly(seed, () -> decoder.decodeIridium(bytes, true));
                }
            }
        });
    }

    @Test
    void everyPrefixOfAGeneratedPacketDecodesOrFailsCleanly() {
        assertTimeoutPreemptively(TIME_LIMIT, () -> {
            for (long seed = SEED; seed < SEED + 20; seed++) {
                byte[] payload = TestPackets.randomMainPacket(new Random(seed), 5, null).payload();
                for (int length = 0; length <= payload.length; length++) {
                    byte[] prefix = Arrays.copyOf(payload, length);
                    decodeCleanly(seed, () -> decoders.get(0).decode(0x01, prefix));
                }
            }
        });
    }

    @Test
    void nullInputIsADecodeError() {
        GalileoPacketDecoder decoder = decoders.get(0);
        assertThatThrownBy(() -> decoder.decode(0x01, null)).isInstanceOf(PacketDecodeException.class);
        assertThatThrownBy(() -> decoder.decodeIridium(null, false)).isInstanceOf(PacketDecodeException.class);
    }

    @FunctionalInterface
    private interface Decode {
        DecodedPacket run() throws PacketDecodeException;
    }

    private static void decodeCleanly(long seed, Decode decode) {
        try {
            decode.run();
        } catch (PacketDecodeException e) {
            assertThat(e.getCause()).as("internal error, seed %d: %s", seed, e.getMessage()).isNull();
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed, t);
        }
    }

    private static byte[] mutate(Random rnd, byte[] in) {
        byte[] out = in.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> {
                for (int n = 1 + rnd.nextInt(8); n > 0 && out.length > 0; n--) {
                    out[rnd.nextInt(out.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> out = Arrays.copyOf(out, rnd.nextInt(out.length + 1));
            case 2 -> {
                for (int n = 1 + rnd.nextInt(4); n > 0 && out.length > 0; n--) {
                    out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 3 -> {
                int at = rnd.nextInt(out.length + 1);
                byte[] insert = new byte[1 + rnd.nextInt(16)];
                rnd.nextBytes(insert);
                byte[] grown = new byte[out.length + insert.length];
                System.arraycopy(out, 0, grown, 0, at);
                System.arraycopy(insert, 0, grown, at, insert.length);
                System.arraycopy(out, at, grown, at + insert.length, out.length - at);
                out = grown;
            }
            case 4 -> {
                if (out.length > 0) {
                    int from = rnd.nextInt(out.length);
                    int to = from + rnd.nextInt(out.length - from + 1);
                    byte[] shrunk = new byte[out.length - (to - from)];
                    System.arraycopy(out, 0, shrunk, 0, from);
                    System.arraycopy(out, to, shrunk, from, out.length - to);
                    out = shrunk;
                }
            }
            default -> {
                if (out.length > 0) {
                    out[rnd.nextInt(out.length)] = SHARP_BYTES[rnd.nextInt(SHARP_BYTES.length)];
                }
            }
        }
        return out;
    }
}
