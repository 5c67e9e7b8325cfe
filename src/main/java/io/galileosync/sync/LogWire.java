package io.galileosync.sync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The peer protocol of replicated logs ({@code /peer/logs/{name}}) and the checks of what a peer sends before
 * a log sees it: the envelope of every entry (origin, sequence number, data present) and vectors.
 */
final class LogWire {

    /** A node id as origins carry it (ours are UUIDs; the vector's text form allows up to 36 characters). */
    private static final Pattern ORIGIN = Pattern.compile("[0-9A-Za-z-]{1,36}");
    /** More origins than this in one vector is no team of field devices. */
    private static final int MAX_ORIGINS = 10_000;

    private LogWire() {
    }

    /**
     * {@code GET /peer/logs/{name}?since=}: the next batch, and the answering node's own vector of the log (where
     * the caller's push to it starts).
     */
    record Batch(List<LogEntry> entries, boolean more, Map<String, Long> vector) {
    }

    /** {@code POST /peer/logs/{name}}: entries the receiver lacks (answered by a {@link LogMerge}). */
    record Push(List<LogEntry> entries) {
    }

    /**
     * @throws IllegalArgumentException naming the first fault: no entries list, more entries than allowed, an
     *                                  entry without a valid origin, a positive sequence number rising per
     *                                  origin, or a JSON object as data
     */
    static List<LogEntry> checkedEntries(List<LogEntry> entries, int maxEntries) {
        if (entries == null) {
            throw new IllegalArgumentException("a log batch needs entries");
        }
        if (entries.size() > maxEntries) {
            throw new IllegalArgumentException(
                    "a log batch of " + entries.size() + " entries; at most " + maxEntries + " are taken");
        }
        Map<String, Long> last = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            LogEntry entry = entries.get(i);
            String where = "log entry " + i;
            if (entry == null || entry.origin() == null || !ORIGIN.matcher(entry.origin()).matches()) {
                throw new IllegalArgumentException(where + ": origin must be a node id (1 to 36 letters, digits or -)");
            }
            if (entry.seq() < 1) {
                throw new IllegalArgumentException(where + ": seq must be positive, not " + entry.seq());
            }
            Long previous = last.put(entry.origin(), entry.seq());
            if (previous != null && entry.seq() <= previous) {
                throw new IllegalArgumentException(where + ": seq " + entry.seq() + " of origin " + entry.origin()
                        + " does not rise (after " + previous + ")");
            }
            if (entry.data() == null || !entry.data().isObject()) {
                throw new IllegalArgumentException(where + ": data must be a JSON object");
            }
        }
        return entries;
    }

    /** @throws IllegalArgumentException for a vector with malformed origins, negative numbers, or too many origins */
    static Map<String, Long> checkedVector(Map<String, Long> vector) {
        if (vector == null) {
            throw new IllegalArgumentException("a log batch needs the sender's vector");
        }
        if (vector.size() > MAX_ORIGINS) {
            throw new IllegalArgumentException("a vector of " + vector.size() + " origins");
        }
        vector.forEach((origin, seq) -> {
            if (origin == null || !ORIGIN.matcher(origin).matches() || seq == null || seq < 0) {
                throw new IllegalArgumentException("bad vector entry " + origin + ":" + seq);
            }
        });
        return vector;
    }

    /** @throws IllegalArgumentException for a name no log can have (so it never reaches a URL unchecked) */
    static String checkedName(String name) {
        if (name == null || !name.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("a replicated log's name must be 1 to 32 of a-z, 0-9 and -, not '"
                    + name + "'");
        }
        return name;
    }
}
