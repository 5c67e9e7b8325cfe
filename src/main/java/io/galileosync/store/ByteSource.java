package io.galileosync.store;

import java.nio.charset.StandardCharsets;

/** Reads what a {@link ByteSink} wrote; a truncated or overlong input is an {@link IllegalArgumentException}. */
final class ByteSource {

    private final byte[] bytes;
    private int position;

    ByteSource(byte[] bytes) {
        this.bytes = bytes;
    }

    int read() {
        if (position >= bytes.length) {
            throw new IllegalArgumentException("encoded record ends early, at byte " + position);
        }
        return bytes[position++] & 0xFF;
    }

    long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = read();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("variable-length number longer than 64 bits at byte " + position);
    }

    long readSignedVarLong() {
        long v = readVarLong();
        return v >>> 1 ^ -(v & 1);
    }

    long readLong() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (long) read() << 8 * i;
        }
        return value;
    }

    /** A count of items, each at least one byte or one bit of a byte: never more than that many are left. */
    int readCount() {
        long count = readVarLong();
        if (count > 8L * (bytes.length - position)) {
            throw new IllegalArgumentException("count " + count + " exceeds the " + (bytes.length - position)
                    + " bytes left at byte " + position + " could hold");
        }
        return (int) count;
    }

    String readString() {
        int length = readCount();
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    boolean atEnd() {
        return position == bytes.length;
    }
}
