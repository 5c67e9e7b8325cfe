package io.galileosync.command;

import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import io.galileosync.sync.LogBatch;
import io.galileosync.sync.LogEntry;
import io.galileosync.sync.LogMerge;
import io.galileosync.sync.ReplicatedLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command log: this node's entries (numbered in the writer transaction that adds them, from 1 without gaps)
 * and those of its peers, replicated by sync as the {@value #NAME} log. Every entry is checked before it is
 * kept; each committed change goes to the open commands held in memory.
 */
@Component
class CommandLog implements ReplicatedLog {

    static final String NAME = "commands";
    /** Estimated JSON of an entry's fields without its text and photo. */
    private static final int ENTRY_OVERHEAD_BYTES = 300;
    /**
     * Entries from a newer version may carry fields this one does not know: they are not this one's business. A
     * number left out is 0 (a photo's command number; a time of 0 is refused by the check).
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    /** Makes this node's entries inside the transaction (e.g. to pick a number no entry has yet). */
    @FunctionalInterface
    interface Entries {
        List<CommandEvent> make(Connection connection) throws SQLException;
    }

    private final RecordStore store;
    private final CommandWriter writer;
    private final CommandEventTable events;
    private final CommandEventCheck check;
    private final OpenCommands open;
    private final String nodeId;

    CommandLog(RecordStore store, CommandWriter writer, CommandEventTable events, CommandEventCheck check,
               OpenCommands open, NodeIdentity node) {
        this.store = store;
        this.writer = writer;
        this.events = events;
        this.check = check;
        this.open = open;
        this.nodeId = node.nodeId();
    }

    /** Adds entries of this node; never blocks. Fails with {@link IllegalArgumentException} for an invalid one. */
    CompletableFuture<List<CommandState>> append(List<CommandEvent> entries) {
        return append(connection -> entries);
    }

    CompletableFuture<List<CommandState>> append(Entries entries) {
        return writer.run(tx -> {
            Connection connection = tx.connection();
            long now = System.currentTimeMillis();
            long seq = CommandEventTable.held(connection, nodeId);
            List<StoredEvent> numbered = new ArrayList<>();
            for (CommandEvent event : entries.make(connection)) {
                String problem = check.problem(event, now);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
                numbered.add(new StoredEvent(nodeId, ++seq, event));
            }
            return LogTransaction.add(connection, numbered);
        }).thenApply(states -> {
            open.update(states);
            return states;
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Long> vector() {
        return events.vector();
    }

    @Override
    public LogBatch export(Map<String, Long> since, int maxEntries, int maxBytes) {
        List<LogEntry> out = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, Long> held : vector().entrySet()) {
            String origin = held.getKey();
            long from = since.getOrDefault(origin, 0L);
            long to = held.getValue();
            if (to <= from) {
                continue;
            }
            if (out.size() >= maxEntries || bytes >= maxBytes) {
                return new LogBatch(out, true);
            }
            long last = from;
            for (StoredEvent row : events.byOrigin(origin, from, to, maxEntries - out.size())) {
                long size = estimatedBytes(row.event());
                if (!out.isEmpty() && bytes + size > maxBytes) {
                    return new LogBatch(out, true);
                }
                out.add(new LogEntry(origin, row.seq(), JSON.valueToTree(row.event())));
                bytes += size;
                last = row.seq();
            }
            if (last < to) {
                return new LogBatch(out, true);
            }
        }
        return new LogBatch(out, false);
    }

    @Override
    public LogMerge merge(List<LogEntry> entries) {
        long now = System.currentTimeMillis();
        Map<String, List<Offered>> byOrigin = new LinkedHashMap<>();
        for (LogEntry entry : entries) {
            byOrigin.computeIfAbsent(entry.origin(), o -> new ArrayList<>()).add(offered(entry, now));
        }
        try {
            return store.inTransaction(tx -> take(tx.connection(), byOrigin)).thenApply(merged -> {
                open.update(merged.states());
                return merged.result();
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** A peer's entry, read and checked; {@code problem} null when it may be kept. */
    private record Offered(String origin, long seq, CommandEvent event, String problem) {
    }

    private record Merged(LogMerge result, List<CommandState> states) {
    }

    private Offered offered(LogEntry entry, long now) {
        try {
            CommandEvent event = JSON.treeToValue(entry.data(), CommandEvent.class);
            return new Offered(entry.origin(), entry.seq(), event, check.problem(event, now));
        } catch (JacksonException | IllegalArgumentException e) {
            return new Offered(entry.origin(), entry.seq(), null, "unreadable entry: " + e.getMessage());
        }
    }

    /** Per origin, the unbroken run from the entry after the one held; a gap or an invalid entry ends it. */
    private static Merged take(Connection connection, Map<String, List<Offered>> byOrigin) throws SQLException {
        List<StoredEvent> kept = new ArrayList<>();
        int duplicates = 0;
        int rejected = 0;
        String firstRejection = null;
        for (Map.Entry<String, List<Offered>> origin : byOrigin.entrySet()) {
            long held = CommandEventTable.held(connection, origin.getKey());
            String refusal = null;
            for (Offered offered : origin.getValue()) {
                if (offered.seq() <= held) {
                    duplicates++;
                    continue;
                }
                if (refusal == null && offered.seq() != held + 1) {
                    refusal = "entry " + offered.seq() + " of " + offered.origin() + " leaves a gap after " + held;
                } else if (refusal == null && offered.problem() != null) {
                    refusal = "entry " + offered.seq() + " of " + offered.origin() + ": " + offered.problem();
                }
                if (refusal != null) {
                    rejected++;
                    firstRejection = firstRejection == null ? refusal : firstRejection;
                    continue;
                }
                kept.add(new StoredEvent(offered.origin(), offered.seq(), offered.event()));
                held = offered.seq();
            }
        }
        List<CommandState> states = LogTransaction.add(connection, kept);
        return new Merged(new LogMerge(kept.size(), duplicates, rejected, firstRejection), states);
    }

    private static long estimatedBytes(CommandEvent event) {
        return ENTRY_OVERHEAD_BYTES + (event.text() == null ? 0 : event.text().length() * 2L)
                + (event.jpeg() == null ? 0 : event.jpeg().length * 4L / 3);
    }
}
