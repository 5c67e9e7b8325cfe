package io.galileosync.sync;

import java.util.List;

/**
 * A batch of a {@link ReplicatedLog}'s entries, in (origin, sequence) order.
 *
 * @param more the sender holds further entries the receiver lacks: ask again once these are kept
 */
public record LogBatch(List<LogEntry> entries, boolean more) {

    public LogBatch {
        entries = List.copyOf(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
