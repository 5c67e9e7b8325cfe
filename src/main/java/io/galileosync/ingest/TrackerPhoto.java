package io.galileosync.ingest;

import java.util.Arrays;
import java.util.Objects;

/**
 * A photo a tracker sent (after a {@code Makephoto} command, whose reply says "Photo ok"), assembled from its
 * chunks by {@link PhotoAssembler}. The chunks name no command, so which command it answers is the queue's
 * business (the latest photo command to this IMEI).
 *
 * @param imei       the tracker, from the connection's head packet
 * @param jpeg       the whole JPEG, FFD8 ... FFD9 (a copy: this value never changes)
 * @param receivedAt when the end frame was read, epoch milliseconds
 */
public record TrackerPhoto(String imei, byte[] jpeg, long receivedAt) {

    public TrackerPhoto {
        Objects.requireNonNull(imei, "imei");
        jpeg = jpeg.clone();
    }

    @Override
    public byte[] jpeg() {
        return jpeg.clone();
    }

    // a record compares arrays by identity; a photo is a value, so compare the bytes

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackerPhoto p && imei.equals(p.imei) && Arrays.equals(jpeg, p.jpeg)
                && receivedAt == p.receivedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(imei, Arrays.hashCode(jpeg), receivedAt);
    }

    @Override
    public String toString() {
        return "TrackerPhoto[imei=" + imei + ", " + jpeg.length + " bytes, receivedAt=" + receivedAt + "]";
    }
}
