package io.galileosync.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Little-endian (and a few big-endian) reads on a byte array; callers have checked the bounds. */
final class GalileoBytes {

    /** The text encoding of tags E1 (command and reply text). */
    static final Charset CP1251 = Charset.forName("windows-1251");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GalileoBytes() {
    }

    static int u8(byte[] b, int o) {
        return b[o] & 0xFF;
    }

    static int i8(byte[] b, int o) {
        return b[o];
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    static int i16(byte[] b, int o) {
        return (short) u16(b, o);
    }

    static int u24(byte[] b, int o) {
        return u16(b, o) | (b[o + 2] & 0xFF) << 16;
    }

    static int i32(byte[] b, int o) {
        return u24(b, o) | b[o + 3] << 24;
    }

    static long u32(byte[] b, int o) {
        return i32(b, o) & 0xFFFFFFFFL;
    }

    static long i64(byte[] b, int o) {
        return u32(b, o) | (long) i32(b, o + 4) << 32;
    }

    static int u16be(byte[] b, int o) {
        return (b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF);
    }

    static long u32be(byte[] b, int o) {
        return ((long) u16be(b, o) << 16) | u16be(b, o + 2);
    }

    static String hex(byte[] b, int from, int to) {
        char[] out = new char[(to - from) * 2];
        for (int i = from, j = 0; i < to; i++) {
            out[j++] = HEX[(b[i] >> 4) & 0xF];
            out[j++] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }

    /** {@link #hex} of {@code n} bytes at {@code o}, shaped as a tag value reader. */
    static String hexValue(byte[] b, int o, int n) {
        return hex(b, o, o + n);
    }

    static String ascii(byte[] b, int o, int n) {
        return new String(b, o, n, StandardCharsets.US_ASCII);
    }

    /** ASCII text without the spaces or NULs that pad a fixed-width field. */
    static String asciiText(byte[] b, int o, int n) {
        int end = o + n;
        while (end > o && (b[end - 1] == ' ' || b[end - 1] == 0)) {
            end--;
        }
        return ascii(b, o, end - o);
    }

    static boolean isDigits(byte[] b, int o, int n) {
        for (int i = o; i < o + n; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }
}
