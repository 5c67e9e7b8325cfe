package io.galileosync.store;

/**
 * Record times from {@code fromMs} to {@code toMs}, both inclusive, in epoch milliseconds (UTC). A null end
 * is open, so an unbounded query adds no time condition at all (a full-range condition would still make the
 * database check every row).
 */
public record TimeRange(Long fromMs, Long toMs) {

    public static final TimeRange ALL = new TimeRange(null, null);

    public TimeRange {
        if (fromMs != null && toMs != null && fromMs > toMs) {
            throw new IllegalArgumentException("from " + fromMs + " is after to " + toMs);
        }
    }
}
