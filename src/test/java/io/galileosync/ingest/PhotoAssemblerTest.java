package io.galileosync.ingest;

import io.galileosync.simulate.PacketEncoder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galileosync.ingest.GalileoPacketDecoderTest.Vector;
import io.galileosync.ingest.PhotoAssembler.Complete;
import io.galileosync.ingest.PhotoAssembler.Failed;
import io.galileosync.ingest.PhotoAssembler.Pending;
import io.galileosync.ingest.PhotoAssembler.Progress;
import io.galileosync.ingest.PhotoAssembler.Skipped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Photos from chunks (PROTOCOL.md §8). vectors.json holds only the first chunk of two real photos (Traccar's
 * 0x07 and maprox's GalileoCam 0x04), so whole photos are those first chunks with constructed rest, and real
 * JPEGs made here and cut into chunks.
 */
class PhotoAssemblerTest {

    private static final int LIMIT = 256 * 1024;

    private final PhotoAssembler assembler = new PhotoAssembler(LIMIT);

    @ParameterizedTest(name = "vector {0}")
    @CsvSource({"3, 7, 992", "47, 4, 994"})
    void realFirstChunksArePartZeroOfAJpeg(int index, int header, int jpegBytes) {
        Vector vector = GalileoPacketDecoderTest.vector(index);
        PhotoChunk chunk = PhotoChunk.of(GalileoFrame.of(vector.bytes()));
        assertThat(vector.header()).isEqualTo(header);
        assertThat(chunk.part()).isZero();
        assertThat(chunk.isEnd()).isFalse();
        assertThat(chunk.data()).hasSize(jpegBytes).startsWith(0xFF, 0xD8, 0xFF, 0xE0);
        assertThat(new String(chunk.data(), StandardCharsets.ISO_8859_1)).contains("IMEI ");
    }

    /** The real first chunk, then constructed parts of the size real ones have, then the end frame. */
    @ParameterizedTest(name = "vector {0}")
    @ValueSource(ints = {3, 47})
    void realFirstChunkWithTheRestAssemblesIntoOneJpeg(int index) {
        Vector vector = GalileoPacketDecoderTest.vector(index);
        int header = vector.header();
        byte[] first = PhotoChunk.of(GalileoFrame.of(vector.bytes())).data();
        Random random = new Random(index);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(first);
        List<byte[]> frames = new ArrayList<>(List.of(vector.bytes()));
        for (int part = 1; part <= 40; part++) {
            byte[] scan = new byte[part == 40 ? 500 : 992];
            random.nextBytes(scan);
            if (part == 40) {
                scan[scan.length - 2] = (byte) 0xFF;
                scan[scan.length - 1] = (byte) 0xD9;
            }
            expected.writeBytes(scan);
            frames.add(photoFrame(header, part, scan));
        }
        for (byte[] frame : frames) {
            assertThat(assembler.add(PhotoChunk.of(GalileoFrame.of(frame)))).isInstanceOf(Pending.class);
        }
        Progress done = assembler.add(PhotoChunk.of(GalileoFrame.of(endFrame(header, 41))));
        assertThat(done).isInstanceOfSatisfying(Complete.class, complete -> {
            assertThat(complete.parts()).isEqualTo(41);
            assertThat(complete.jpeg()).isEqualTo(expected.toByteArray()).startsWith(0xFF, 0xD8).endsWith(0xFF, 0xD9);
        });
        assertThat(assembler.inProgress()).isFalse();
    }

    /** A real JPEG cut into chunks arrives shuffled, some twice; ImageIO reads the result as the same picture. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 20261124})
    void shuffledAndRepeatedChunksGiveBackTheJpeg(long seed) throws IOException {
        Random random = new Random(seed);
        byte[] jpeg = jpeg(random, 40 + random.nextInt(200), 30 + random.nextInt(150));
        List<PhotoChunk> chunks = chunks(jpeg, 100 + random.nextInt(1000));
        List<PhotoChunk> sent = new ArrayList<>(chunks);
        for (int i = random.nextInt(5); i > 0; i--) {
            sent.add(chunks.get(random.nextInt(chunks.size()))); // re-sent after a lost ACK
        }
        Collections.shuffle(sent, random);
        for (PhotoChunk chunk : sent) {
            assertThat(assembler.add(chunk)).as("seed %d", seed).isInstanceOf(Pending.class);
        }
        Progress done = assembler.add(new PhotoChunk(chunks.size(), new byte[0]));
        assertThat(done).as("seed %d", seed).isInstanceOfSatisfying(Complete.class, complete -> {
            assertThat(complete.jpeg()).isEqualTo(jpeg);
            assertThat(complete.parts()).isEqualTo(chunks.size());
        });
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(((Complete) done).jpeg()));
        assertThat(image).isNotNull();
    }

    @Test
    void aMissingMiddlePartFailsThePhotoAndSaysWhich() throws IOException {
        List<PhotoChunk> chunks = chunks(jpeg(new Random(1), 120, 90), 300);
        assertThat(chunks.size()).isGreaterThan(6);
        chunks.stream().filter(c -> c.part() != 3 && c.part() != 5).forEach(assembler::add);
        assertThat(assembler.add(endChunk())).isInstanceOfSatisfying(Failed.class, failed ->
                assertThat(failed.reason()).startsWith("photo incomplete: part(s) [3, 5] missing ("));
        assertThat(assembler.inProgress()).isFalse();
    }

    @Test
    void aMissingLastPartLeavesNoGapButNoJpegEnd() throws IOException {
        List<PhotoChunk> chunks = chunks(jpeg(new Random(2), 120, 90), 300);
        chunks.subList(0, chunks.size() - 1).forEach(assembler::add);
        assertThat(assembler.add(endChunk())).isInstanceOfSatisfying(Failed.class, failed ->
                assertThat(failed.reason()).startsWith("the parts do not make a whole JPEG (FFD8 ... FFD9)"));
    }

    @Test
    void aMissingFirstPartIsMissing() throws IOException {
        List<PhotoChunk> chunks = chunks(jpeg(new Random(3), 60, 40), 200);
        chunks.subList(1, chunks.size()).forEach(assembler::add);
        assertThat(assembler.add(endChunk())).isInstanceOfSatisfying(Failed.class, failed ->
                assertThat(failed.reason()).startsWith("photo incomplete: part(s) [0] missing"));
    }

    @Test
    void aPartTwiceWithDifferentBytesGivesThePhotoUpUntilTheNextOne() throws IOException {
        List<PhotoChunk> chunks = chunks(jpeg(new Random(4), 80, 60), 200);
        assembler.add(chunks.get(0));
        assembler.add(chunks.get(1));
        assertThat(assembler.add(new PhotoChunk(1, new byte[] {1, 2, 3}))).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.reason()).startsWith("part 1 arrived twice with different bytes"));
        assertThat(assembler.inProgress()).isTrue();
        assertThat(assembler.add(chunks.get(2))).isInstanceOf(Skipped.class);
        assertThat(assembler.add(endChunk())).isInstanceOf(Skipped.class);
        assertThat(assembler.inProgress()).isFalse();
        assertWholePhotoAssembles(chunks);
    }

    @Test
    void aPhotoBeyondTheLimitIsGivenUpWithoutHoldingMore() throws IOException {
        PhotoAssembler small = new PhotoAssembler(1000);
        byte[] jpeg = jpeg(new Random(5), 200, 150);
        assertThat(jpeg.length).isGreaterThan(1000);
        List<Progress> progress = chunks(jpeg, 300).stream().map(small::add).toList();
        assertThat(progress.subList(0, 3)).allMatch(p -> p instanceof Pending);
        assertThat(progress.get(3)).isInstanceOfSatisfying(Failed.class, failed ->
                assertThat(failed.reason()).startsWith("the photo exceeds the limit of 1000 bytes (3 parts up to part 2,"
                        + " 900 bytes)"));
        assertThat(progress.subList(4, progress.size())).allMatch(p -> p instanceof Skipped);
        assertThat(small.add(endChunk())).isInstanceOf(Skipped.class);
        assertThatThrownBy(() -> new PhotoAssembler(0)).hasMessage("maxPhotoBytes must be positive, not 0");
    }

    @Test
    void aNewPartZeroDropsAnUnfinishedPhotoAndStartsTheNext() throws IOException {
        List<PhotoChunk> abandoned = chunks(jpeg(new Random(6), 80, 60), 200);
        List<PhotoChunk> next = chunks(jpeg(new Random(7), 90, 70), 200);
        abandoned.subList(0, 3).forEach(assembler::add);
        assertThat(assembler.add(next.get(0))).isInstanceOfSatisfying(Failed.class, failed ->
                assertThat(failed.reason()).isEqualTo("a new photo began (part 0) before the end of the previous one,"
                        + " which is dropped (3 parts up to part 2, 600 bytes)"));
        next.subList(1, next.size()).forEach(chunk -> assertThat(assembler.add(chunk)).isInstanceOf(Pending.class));
        assertThat(assembler.add(endChunk())).isInstanceOfSatisfying(Complete.class,
                complete -> assertThat(complete.jpeg()).isEqualTo(concat(next)));
    }

    @Test
    void anEndFrameAloneIsReported() {
        assertThat(assembler.add(endChunk())).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.reason()).isEqualTo("a photo end frame without any part before it"));
    }

    /** Traccar and maprox both end a photo with a frame of length 1 (part number only); length 0 does too. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void endFramesOfLengthZeroAndOne(int length) throws IOException {
        byte[] frame = PacketEncoder.frame(GalileoFrame.PHOTO, new byte[length], false);
        PhotoChunk end = PhotoChunk.of(GalileoFrame.of(frame));
        assertThat(end.isEnd()).isTrue();
        List<PhotoChunk> chunks = chunks(jpeg(new Random(8), 50, 50), 500);
        chunks.forEach(assembler::add);
        assertThat(assembler.add(end)).isInstanceOf(Complete.class);
    }

    @Test
    void onlyPhotoFramesMakeChunks() {
        byte[] main = GalileoPacketDecoderTest.vector(23).bytes();
        assertThatThrownBy(() -> PhotoChunk.of(GalileoFrame.of(main))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header 0x01 is not a photo frame");
        assertThatThrownBy(() -> new PhotoChunk(256, new byte[1])).hasMessage("photo part number must be 0-255, not 256");
    }

    /** Random chunk streams (order, repeats, gaps, foreign bytes): every answer is one of the four, never a throw. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void randomChunkStreamsNeverBreakTheAssembler(long seed) {
        Random random = new Random(seed);
        PhotoAssembler bounded = new PhotoAssembler(20_000);
        for (int i = 0; i < 20_000; i++) {
            byte[] data = new byte[random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(600)];
            random.nextBytes(data);
            int part = random.nextInt(4) == 0 ? 0 : random.nextInt(PhotoAssembler.MAX_PARTS);
            Progress progress = bounded.add(new PhotoChunk(part, data));
            assertThat(progress).as("seed %d step %d", seed, i).isNotNull();
            if (progress instanceof Pending pending) {
                assertThat(pending.bytes()).isLessThanOrEqualTo(20_000);
            }
        }
    }

    private void assertWholePhotoAssembles(List<PhotoChunk> chunks) {
        chunks.forEach(chunk -> assertThat(assembler.add(chunk)).isInstanceOf(Pending.class));
        assertThat(assembler.add(endChunk())).isInstanceOfSatisfying(Complete.class,
                complete -> assertThat(complete.jpeg()).isEqualTo(concat(chunks)));
    }

    /** A noisy picture (so it does not compress to almost nothing), as ImageIO writes it. */
    static byte[] jpeg(Random random, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpg", out)).isTrue();
        return out.toByteArray();
    }

    static List<PhotoChunk> chunks(byte[] jpeg, int size) {
        List<PhotoChunk> chunks = new ArrayList<>();
        for (int from = 0, part = 0; from < jpeg.length; from += size, part++) {
            chunks.add(new PhotoChunk(part, Arrays.copyOfRange(jpeg, from, Math.min(jpeg.length, from + size))));
        }
        return chunks;
    }

    static byte[] photoFrame(int header, int part, byte[] data) {
        byte[] payload = new byte[1 + data.length];
        payload[0] = (byte) part;
        System.arraycopy(data, 0, payload, 1, data.length);
        return PacketEncoder.frame(header, payload, false);
    }

    static byte[] endFrame(int header, int part) {
        return PacketEncoder.frame(header, new byte[] {(byte) part}, false);
    }

    private static PhotoChunk endChunk() {
        return new PhotoChunk(-1, new byte[0]);
    }

    private static byte[] concat(List<PhotoChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(chunk -> out.writeBytes(chunk.data()));
        return out.toByteArray();
    }
}
