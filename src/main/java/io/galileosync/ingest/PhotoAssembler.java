package io.galileosync.ingest;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts the chunks of a tracker's photo back together (PROTOCOL.md §8): parts are placed by their number, so
 * they may come in any order; a part sent again with the same bytes (its ACK was lost) counts once. The end
 * frame completes the photo only when parts 0..n are all there and make a whole JPEG (FFD8 ... FFD9); a missing
 * last part leaves no gap in the numbers, and the JPEG end marker is what shows it. Holds at most
 * {@code maxPhotoBytes} of one photo. One assembler per connection; not thread-safe.
 */
public final class PhotoAssembler {

    /** Part numbers are one byte. */
    public static final int MAX_PARTS = 256;

    /** What one chunk did. */
    public sealed interface Progress permits Pending, Complete, Failed, Skipped {
    }

    /** The chunk is kept; the photo has {@code parts} parts, {@code bytes} bytes so far. */
    public record Pending(int parts, int bytes) implements Progress {
    }

    /** The end frame completed the photo. */
    public record Complete(byte[] jpeg, int parts) implements Progress {
    }

    /**
     * The photo being assembled is given up, for the reason said; its chunks until the next part 0 or end frame
     * are skipped. When the reason is a new part 0, that chunk already starts the next photo.
     */
    public record Failed(String reason) implements Progress {
    }

    /** A chunk of a photo already given up, dropped. */
    public record Skipped(String reason) implements Progress {
    }

    private static final int SOI = 0xFFD8;
    private static final int EOI = 0xFFD9;

    private final int maxPhotoBytes;
    private final byte[][] parts = new byte[MAX_PARTS][];
    private int partCount;
    private int bytes;
    private boolean givenUp;

    public PhotoAssembler(int maxPhotoBytes) {
        if (maxPhotoBytes <= 0) {
            throw new IllegalArgumentException("maxPhotoBytes must be positive, not " + maxPhotoBytes);
        }
        this.maxPhotoBytes = maxPhotoBytes;
    }

    public Progress add(PhotoChunk chunk) {
        if (chunk.isEnd()) {
            return finish();
        }
        int part = chunk.part();
        byte[] data = chunk.data();
        if (part == 0 && (givenUp || parts[0] != null && !Arrays.equals(parts[0], data))) {
            String abandoned = givenUp ? null : describe();
            reset();
            Progress progress = keep(0, data);
            return abandoned == null || progress instanceof Failed ? progress
                    : new Failed("a new photo began (part 0) before the end of the previous one, which is dropped ("
                            + abandoned + ")");
        }
        if (givenUp) {
            return new Skipped("part " + part + " of a photo already given up");
        }
        byte[] held = parts[part];
        if (held != null) {
            return Arrays.equals(held, data) ? pending()
                    : giveUp("part " + part + " arrived twice with different bytes (" + describe() + ")");
        }
        return keep(part, data);
    }

    /** Some parts of a photo are held, or the rest of a given-up photo is being skipped. */
    public boolean inProgress() {
        return partCount > 0 || givenUp;
    }

    private Progress keep(int part, byte[] data) {
        if (bytes + data.length > maxPhotoBytes) {
            return giveUp("the photo exceeds the limit of " + maxPhotoBytes + " bytes (" + describe() + ")");
        }
        parts[part] = data;
        partCount++;
        bytes += data.length;
        return pending();
    }

    private Progress finish() {
        if (givenUp) {
            reset();
            return new Skipped("end of a photo already given up");
        }
        if (partCount == 0) {
            return new Failed("a photo end frame without any part before it");
        }
        int last = lastPart();
        List<Integer> missing = new ArrayList<>();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream(bytes);
        for (int part = 0; part <= last; part++) {
            if (parts[part] == null) {
                missing.add(part);
            } else {
                jpeg.writeBytes(parts[part]);
            }
        }
        String described = describe();
        int count = partCount;
        reset();
        if (!missing.isEmpty()) {
            return new Failed("photo incomplete: part(s) " + missing + " missing (" + described + ")");
        }
        byte[] image = jpeg.toByteArray();
        if (!isWholeJpeg(image)) {
            return new Failed("the parts do not make a whole JPEG (FFD8 ... FFD9): the last part is missing or this"
                    + " is no photo (" + described + ")");
        }
        return new Complete(image, count);
    }

    private Progress giveUp(String reason) {
        reset();
        givenUp = true;
        return new Failed(reason);
    }

    private void reset() {
        Arrays.fill(parts, null);
        partCount = 0;
        bytes = 0;
        givenUp = false;
    }

    private Pending pending() {
        return new Pending(partCount, bytes);
    }

    private int lastPart() {
        int last = MAX_PARTS - 1;
        while (parts[last] == null) {
            last--;
        }
        return last;
    }

    private String describe() {
        return partCount == 0 ? "no parts held" : partCount + " parts up to part " + lastPart() + ", " + bytes + " bytes";
    }

    private static boolean isWholeJpeg(byte[] b) {
        return b.length >= 4 && GalileoBytes.u16be(b, 0) == SOI && GalileoBytes.u16be(b, b.length - 2) == EOI;
    }
}
