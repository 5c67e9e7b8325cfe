package io.galileosync.simulate;

/**
 * ACK latencies in microseconds, in fixed memory however many packets are sent: exact below 64 µs, then 32
 * buckets per power of two (a percentile is off by at most 1/32 of its value); the maximum is kept exactly.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int EXACT = 2 * SUB_BUCKETS;

    private final long[] counts = new long[EXACT + (63 - SUB_BITS) * SUB_BUCKETS];
    private long total;
    private long max;

    void record(long micros) {
        long value = Math.max(0, micros);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The smallest bucket's upper end at or below which {@code quantile} of the values lie (0 when empty). */
    long percentile(double quantile) {
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && seen > 0) {
                return Math.min(max, upperEnd(i));
            }
        }
        return max;
    }

    private static int index(long value) {
        if (value < EXACT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BITS + 1
        int shift = exponent - SUB_BITS;
        int sub = (int) (value >>> shift) - SUB_BUCKETS;
        return EXACT + (shift - 1) * SUB_BUCKETS + sub;
    }

    private static long upperEnd(int index) {
        if (index < EXACT) {
            return index;
        }
        int shift = (index - EXACT) / SUB_BUCKETS + 1;
        long sub = (index - EXACT) % SUB_BUCKETS + SUB_BUCKETS;
        return ((sub + 1) << shift) - 1;
    }
}
