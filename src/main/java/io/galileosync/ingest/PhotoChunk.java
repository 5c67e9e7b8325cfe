package io.galileosync.ingest;

import java.util.Arrays;

/**
 * One photo frame (PROTOCOL.md §8; in no official edition): header 0x07 (Traccar) or 0x04 (maprox, GalileoCam)
 * | u16 LE length | u8 part number | JPEG bytes | CRC. Both sources end a photo with a frame that carries no JPEG
 * bytes (length 0 or 1).
 *
 * @param part the part number (0-255), or -1 for an end frame without even a part number
 * @param data the JPEG bytes of this part; empty for the end frame
 */
public record PhotoChunk(int part, byte[] data) {

    public PhotoChunk {
        if (part < -1 || part >= PhotoAssembler.MAX_PARTS) {
            throw new IllegalArgumentException("photo part number must be 0-255, not " + part);
        }
        data = data.clone();
    }

    /** The chunk in a photo frame whose CRC the frame decoder has checked. */
    public static PhotoChunk of(GalileoFrame frame) {
        if (frame.header() != GalileoFrame.PHOTO && frame.header() != GalileoFrame.PHOTO_LEGACY) {
            throw new IllegalArgumentException(String.format("header 0x%02x is not a photo frame", frame.header()));
        }
        byte[] payload = frame.payload();
        return payload.length == 0 ? new PhotoChunk(-1, payload)
                : new PhotoChunk(payload[0] & 0xFF, Arrays.copyOfRange(payload, 1, payload.length));
    }

    /** This frame ends the photo. */
    public boolean isEnd() {
        return data.length == 0;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
