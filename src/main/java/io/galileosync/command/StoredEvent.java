package io.galileosync.command;

import java.util.Comparator;

/**
 * A command log entry with its place in the log: the node that wrote it and that node's sequence number.
 * Ordered by when it happened, then by origin and sequence, the order every fold uses to pick "the first".
 */
record StoredEvent(String origin, long seq, CommandEvent event) {

    static final Comparator<StoredEvent> FIRST = Comparator.comparingLong((StoredEvent e) -> e.event().at())
            .thenComparing(StoredEvent::origin).thenComparingLong(StoredEvent::seq);
}
