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
 */
final class LocalSequence {

    static final String KEY = "origin_seq";

    private long next;
    private long persisted;
    private volatile long committed;

    /**
     * Reads the stored high-water mark, or, in a database that has none yet, this origin's highest record. Only
     * then: the mark is written in the transaction of every record numbered, so it is never below them, and
     * finding the highest record reads every index entry of this origin (3 s with 1M records at each start).
     */
    void load(Connection connection, String nodeId) throws SQLException {
        Long mark = null;
        try (PreparedStatement st = connection.prepareStatement(
                "select state_value from node_state where name = ?")) {
            st.setString(1, KEY);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    mark = Long.parseLong(rs.getString(1));
                }
            }
        }
        long stored = mark != null ? mark : highestRecord(connection, nodeId);
        persisted = stored;
        committed = stored;
        next = stored + 1;
    }

    private static long highestRecord(Connection connection, String nodeId) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(RecordTable.HIGHEST_SEQ_OF_ORIGIN)) {
            st.setString(1, nodeId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long next() {
        return next++;
    }

    /** A record of this origin already numbered (it came back from a peer after a restore): never hand its number out again. */
    void passed(long seq) {
        next = Math.max(next, seq + 1);
    }

    long mark() {
        return next;
    }

    void rollBackTo(long mark) {
        next = mark;
    }

    /** Within the transaction: keeps the highest number handed out, when it moved. */
    void persist(Connection connection) throws SQLException {
        long highest = next - 1;
        if (highest == persisted) {
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
    }

    long committed() {
        return committed;
    }
}
