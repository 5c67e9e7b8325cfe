package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * This node's origin sequence: the number the next record first stored here gets. Only the writer thread
 * moves it; a transaction that rolls back puts it back, so this node's records stay contiguous in it. The
 * highest number handed out is kept in {@code node_state} with the records, so numbers are never reused, even
 * after the records that had them were pruned. {@link #committed()} is what every reader may rely on: all of
 * this origin up to it is committed.
 *
 * <p>On a database server several gateway processes may be this one node ({@link #share()}): each takes its
 * numbers under a lock of the {@code node_state} row, held from the first number a transaction takes to its
 * commit, so the numbers of the processes are taken in commit order, contiguous, and the row holds the highest
 * committed one; {@link #committedIn} reads it. A bare database SEQUENCE would not do: its numbers are handed
 * out outside transactions, so one process could commit number 12 while another still writes 11, and a peer
 * syncing then would take this node's vector entry 12 as "everything up to 12 held" and never ask for 11 again
 * ({@code DeltaExporter} and {@code PeerMerge} trust the vector so). Gaps of numbers never used would be
 * harmless; numbers still in flight below the vector are not. The price is that group commits of the
 * processes queue for the row, for their inserts and commit; each process still commits all its trackers'
 * packets together, so a waiting process just commits a bigger group.
 */
final class LocalSequence {

    static final String KEY = "origin_seq";

    private static final String READ = "select state_value from node_state where name = ?";

    private long next;
    private long persisted;
    private volatile long committed;
    private volatile boolean shared;
    /** Shared: this transaction holds the row's lock. */
    private boolean locked;

    /**
     * Reads the stored high-water mark, or, in a database that has none yet, this origin's highest record. Only
     * then: the mark is written in the transaction of every record numbered, so it is never below them, and
     * finding the highest record reads every index entry of this origin (3 s with 1M records at each start).
     */
    void load(Connection connection, String nodeId) throws SQLException {
        Long mark = storedMark(connection, READ);
        long stored = mark != null ? mark : RecordTable.highestSeq(connection, nodeId);
        persisted = stored;
        committed = stored;
        next = stored + 1;
    }

    /** Other processes take numbers of this sequence too, in the same database. */
    void share() {
        shared = true;
    }

    boolean shared() {
        return shared;
    }

    long next(Connection connection) throws SQLException {
        lockIfShared(connection);
        return next++;
    }

    /** A record of this origin already numbered (it came back from a peer after a restore): never hand its number out again. */
    void passed(Connection connection, long seq) throws SQLException {
        lockIfShared(connection);
        next = Math.max(next, seq + 1);
    }

    /** Shared: waits for the row, then numbers on after the highest any process committed. */
    private void lockIfShared(Connection connection) throws SQLException {
        if (!shared || locked) {
            return;
        }
        Long mark = storedMark(connection, READ + " for update");
        if (mark != null) {
            persisted = mark;
            next = Math.max(next, persisted + 1);
        }
        locked = true;
    }

    long mark() {
        return next;
    }

    void rollBackTo(long mark) {
        next = mark;
        locked = false;
    }

    /** Within the transaction: keeps the highest number handed out, when it moved. */
    void persist(Connection connection) throws SQLException {
        long highest = next - 1;
        // shared: only under the lock, which this transaction took if it took a number; without it, a number
        // rolled back below what another process committed since would lower the row
        if (highest == persisted || shared && !locked) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "update node_state set state_value = ? where name = ?")) {
            update.setString(1, Long.toString(highest));
            update.setString(2, KEY);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into node_state (name, state_value) values (?, ?)")) {
                    insert.setString(1, KEY);
                    insert.setString(2, Long.toString(highest));
                    insert.executeUpdate();
                }
            }
        }
    }

    /** After the commit of a transaction that {@link #persist persisted}. */
    void committedUpTo() {
        persisted = next - 1;
        committed = persisted;
        locked = false;
    }

    long committed() {
        return committed;
    }

    /** Shared: the highest number any process committed (only what this one committed is known in memory). */
    long committedIn(Connection connection) throws SQLException {
        Long mark = storedMark(connection, READ);
        return mark == null ? committed : Math.max(committed, mark);
    }

    /** The high-water mark in {@code node_state} as {@code sql} reads it (with or without its lock); null if none. */
    private static Long storedMark(Connection connection, String sql) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, KEY);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : null;
            }
        }
    }
}
