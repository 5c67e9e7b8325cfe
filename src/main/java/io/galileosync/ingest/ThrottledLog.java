package io.galileosync.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * One kind of log line that a client can make the node repeat at will (a bad CRC, a garbage connection): per
 * client address, the first line in each interval is written and the rest only counted, and a summary line at
 * the interval's end tells how many there were. The metrics count every event; this keeps a flood out of the
 * log and off the disk (one WARN per bad frame once wrote 1.93 GB in 30 s). Thread-safe.
 */
final class ThrottledLog {

    /** Addresses beyond this many within one interval share one line, so a flood from many keeps memory flat. */
    static final int MAX_SOURCES = 64;
    static final String OTHER_SOURCES = "other addresses";

    private final Logger log;
    private final Level level;
    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    /** Open intervals by source; guarded by this. */
    private final Map<String, Interval> intervals = new HashMap<>();

    /** @param what the events counted, for the summary, e.g. "frames with a bad CRC dropped" */
    ThrottledLog(Logger log, Level level, String what, Duration interval) {
        this(log, level, what, interval, System::nanoTime);
    }

    ThrottledLog(Logger log, Level level, String what, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.level = level;
        this.what = what;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Writes the line unless one of this kind from {@code source} was written less than an interval ago. */
    void log(String source, String format, Object... arguments) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        long now = nanoTime.getAsLong();
        Summary ended = null;
        boolean write;
        synchronized (this) {
            String key = intervals.containsKey(source) || intervals.size() < MAX_SOURCES ? source : OTHER_SOURCES;
            Interval interval = intervals.get(key);
            if (interval != null && now - interval.start >= intervalNanos) {
                intervals.remove(key);
                ended = interval.summary(key);
                interval = null;
            }
            write = interval == null;
            if (write) {
                intervals.put(key, new Interval(now));
            } else {
                interval.suppressed++;
            }
        }
        if (ended != null) {
            write(ended);
        }
        if (write) {
            log.atLevel(level).log(format, arguments);
        }
    }

    /** Writes the summaries of intervals that have ended, and forgets them. */
    void flush() {
        long now = nanoTime.getAsLong();
        List<Summary> ended = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Map.Entry<String, Interval>> it = intervals.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Interval> entry = it.next();
                if (now - entry.getValue().start >= intervalNanos) {
                    it.remove();
                    Summary summary = entry.getValue().summary(entry.getKey());
                    if (summary != null) {
                        ended.add(summary);
                    }
                }
            }
        }
        ended.forEach(this::write);
    }

    private void write(Summary summary) {
        log.atLevel(level).log("{}: {} more {} in the last {} s (one line per address and interval; the metrics"
                + " count each)", summary.source(), String.format("%,d", summary.count()), what,
                Duration.ofNanos(intervalNanos).toSeconds());
    }

    private record Summary(String source, long count) {
    }

    private static final class Interval {
        final long start;
        long suppressed;

        Interval(long start) {
            this.start = start;
        }

        /** The summary of what was not written, or null when everything was. */
        Summary summary(String source) {
            return suppressed == 0 ? null : new Summary(source, suppressed);
        }
    }
}
