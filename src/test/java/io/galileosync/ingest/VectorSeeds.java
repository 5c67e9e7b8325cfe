package io.galileosync.ingest;

import io.galileosync.ingest.GalileoPacketDecoderTest.Vector;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds for the Jazzer fuzz tests, made at test time from the real frames in {@code galileosky/vectors.json}
 * (Jazzer runs them as regression inputs and starts fuzzing from them), so the corpus follows the vector file.
 */
final class VectorSeeds {

    private VectorSeeds() {
    }

    static List<Vector> vectors() {
        return GalileoPacketDecoderTest.vectors();
    }

    /** Every vector frame as captured, and the compressed examples. */
    static List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>(vectors().stream().map(Vector::bytes).toList());
        frames.addAll(compressedFrames());
        frames.add(compressedIridiumFrame());
        return frames;
    }

    /** The vector file has no 0x08 frame: DOCEN's compressed examples stand in. */
    private static List<byte[]> compressedFrames() {
        return List.of(TestPackets.hex(CompressedPacketTest.DOCEN_TAG_LIST),
                TestPackets.hex(CompressedPacketTest.DOCEN_EXT_BITMASK));
    }

    /** An Iridium frame whose payload is compressed (the vector file's are not). */
    private static byte[] compressedIridiumFrame() {
        return TestPackets.hex(IridiumTest.NAVTRACK_42);
    }

    /** A few streams of several frames back to back, as one connection sends them. */
    static List<byte[]> streams() {
        List<byte[]> frames = frames();
        List<byte[]> streams = new ArrayList<>();
        for (int start = 0; start < frames.size(); start += 7) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            frames.subList(start, Math.min(start + 7, frames.size())).forEach(stream::writeBytes);
            streams.add(stream.toByteArray());
        }
        return streams;
    }

    /** {@code prefix} followed by {@code bytes}: a fuzz input whose first bytes steer the target. */
    static byte[] prefixed(byte[] prefix, byte[] bytes) {
        byte[] out = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
        return out;
    }
}
