package io.galileosync.simulate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds the payload of a Galileosky packet: tag ids and little-endian values (PROTOCOL.md §2). */
public final class PayloadWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);

    /** One tag id byte. */
    public PayloadWriter tag(int id) {
        bytes.write(id);
        return this;
    }

    /** The low {@code width} bytes of {@code value}, little-endian; signed and unsigned values look the same. */
    public PayloadWriter le(long value, int width) {
        for (int i = 0; i < width; i++) {
            bytes.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public PayloadWriter ascii(String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    public PayloadWriter bytes(byte[] value) {
        bytes.writeBytes(value);
        return this;
    }

    public int size() {
        return bytes.size();
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
