package io.galileosync;

import java.util.Random;

/**
 * A {@link Random} whose bits are the fuzzer's bytes (zeros once they run out), so that generators written
 * for seeded-random tests (the test packets, mutated peer batches) are steered by coverage instead of by a seed.
 */
public final class FuzzRandom extends Random {

    private final byte[] bytes;
    private int position;

    public FuzzRandom(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    protected int next(int bits) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | (position < bytes.length ? bytes[position++] & 0xFF : 0);
        }
        return value >>> (32 - bits);
    }
}
