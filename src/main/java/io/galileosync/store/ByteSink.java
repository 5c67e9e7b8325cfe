package io.galileosync.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the variable-length integer forms of the store's binary encodings. */
final class ByteSink {

    private byte[] bytes;
    private int size;

    ByteSink(int capacity) {
        bytes = new byte[capacity];
    }

    void write(int b) {
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[size++] = (byte) b;
    }

    /** Unsigned LEB128: 7 bits a byte, low bits first. */
    void writeVarLong(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        write((int) v);
    }

    /** Zig-zag, so that small negative numbers are short too. */
    void writeSignedVarLong(long value) {
        writeVarLong(value << 1 ^ value >> 63);
    }

    /** Eight bytes, little-endian. */
    void writeLong(long value) {
        for (int i = 0; i < 8; i++) {
            write((int) (value >>> 8 * i));
        }
    }

    /** The UTF-8 bytes, after their count. */
    void writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length);
        if (size + utf8.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + utf8.length));
        }
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
