package io.galileosync.sync;

import java.util.List;
import java.util.Map;

/**
 * A module's append-only log that sync carries between nodes after the records, so that a module can replicate
 * its own data without sync knowing it (the command queue, for one). Every entry has the node it was first
 * written on (its origin) and that node's sequence number for it, as records do; a node holds, per origin, every
 * entry up to some number, and its {@link #vector} says which. One sync pulls what the peer holds above this
 * node's vector and pushes what this node holds above the peer's, batch by batch ({@code /peer/logs/{name}}).
 *
 * <p>Sync checks each batch's envelope (origins, sequence numbers, order, count) before {@link #merge}; the log
 * checks the entries' content, since only it knows what they mean, and keeps none it cannot vouch for.
 * Provide one Spring bean per log.
 */
public interface ReplicatedLog {

    /** The log's name in peer URLs: 1 to 32 lower-case letters, digits or dashes; unique on a node. */
    String name();

    /** Per origin node, the highest sequence number up to which this node holds every entry (committed only). */
    Map<String, Long> vector();

    /**
     * What a peer holding {@code since} lacks: for each origin, the entries above {@code since}'s number, in
     * (origin, sequence) order, at most {@code maxEntries} and about {@code maxBytes} of JSON (at least one
     * entry, however large), with {@code more} set when this node holds further entries beyond the batch.
     */
    LogBatch export(Map<String, Long> since, int maxEntries, int maxBytes);

    /**
     * Keeps the entries this node does not hold yet, idempotently: an entry held already is a duplicate; an
     * origin's entries are taken only in an unbroken run from the number after the one held (a gap, or an
     * entry whose content is invalid, ends that origin's run, and the rest of it is rejected). Returns once
     * what was kept is committed. The envelope has been checked: origins and data are present, sequence
     * numbers positive and rising per origin.
     */
    LogMerge merge(List<LogEntry> entries);
}
