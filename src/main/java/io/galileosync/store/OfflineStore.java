package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A store database that no node is running on, reached over a plain JDBC connection by tools: a backup opened
 * read-only to check it, a database being restored. What it holds, and the one change a tool makes to it.
 */
public final class OfflineStore {

    /** The node_state name under which a former node id of this database keeps the highest sequence it handed out. */
    static final String FORMER_NODE = "former_node:";

    private OfflineStore() {
    }

    /** What a store database holds. */
    public record Summary(String nodeId, String epoch, long records) {
    }

    /** A database that took a new identity: the one it had, how far its origin got, and the new one. */
    public record Renewal(String formerNodeId, long formerSeq, String nodeId, String epoch) {
    }

    /** @throws SQLException also when this is no store database (no node_state, no records table) */
    public static Summary summary(Connection connection) throws SQLException {
        String nodeId = state(connection, "node_id");
        String epoch = state(connection, "epoch");
        try (PreparedStatement st = connection.prepareStatement("select count(*) from records");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return new Summary(nodeId, epoch, rs.getLong(1));
        }
    }

    /**
     * Gives a database restored from a backup a new node id and epoch, in one transaction. Its peers may hold
     * records of its old id numbered after the backup was taken; numbering new records on under the old id would
     * hand those numbers out again, for other records, and peers that believe they hold them would never take
     * them. Under a new id nothing is reused; the old id becomes an origin like any peer's, held up to where the
     * backup left it (kept as {@code former_node:<id>}, for the sync vector), and its later records come back
     * from the peers that have them.
     */
    public static Renewal renewIdentity(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            String former = state(connection, "node_id");
            if (former == null) {
                throw new SQLException("this database has no node id: it is not a Galileo Sync store");
            }
            LocalSequence sequence = new LocalSequence();
            sequence.load(connection, former);
            long formerSeq = sequence.committed();
            if (formerSeq > 0) {
                put(connection, FORMER_NODE + former, Long.toString(formerSeq));
            }
            String nodeId = UUID.randomUUID().toString();
            String epoch = UUID.randomUUID().toString();
            put(connection, "node_id", nodeId);
            put(connection, "epoch", epoch);
            put(connection, LocalSequence.KEY, "0");
            connection.commit();
            return new Renewal(former, formerSeq, nodeId, epoch);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String state(Connection connection, String name) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("select state_value from node_state where name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void put(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update node_state set state_value = ? where name = ?")) {
            update.setString(1, value);
            update.setString(2, name);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into node_state (name, state_value) values (?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, value);
            insert.executeUpdate();
        }
    }
}
