package io.galileosync.simulate;

/**
 * A token bucket over records: a packet of {@code n} records may go when {@code n} tokens are there. It holds
 * at most a tenth of a second's worth (and at least one packet), so the rate holds over any second.
 */
final class RateLimiter {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    /** @param rate records per second; infinite: never waits */
    RateLimiter(double rate, int largestRequest, long nowNanos) {
        this.perNano = rate / 1e9;
        this.capacity = Math.max(largestRequest, rate / 10);
        this.tokens = Double.isInfinite(rate) ? Double.POSITIVE_INFINITY : Math.min(capacity, largestRequest);
        this.last = nowNanos;
    }

    boolean tryAcquire(int records, long nowNanos) {
        refill(nowNanos);
        if (tokens >= records) {
            tokens -= records;
            return true;
        }
        return false;
    }

    /** How long until {@code records} tokens are there. */
    long nanosUntil(int records, long nowNanos) {
        refill(nowNanos);
        return tokens >= records ? 0 : (long) Math.ceil((records - tokens) / perNano);
    }

    private void refill(long nowNanos) {
        if (!Double.isInfinite(tokens)) {
            tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
        }
        last = nowNanos;
    }
}
