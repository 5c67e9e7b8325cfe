package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This node's version vector: for each origin, every record of it up to that sequence number is held here (or
 * was, and was pruned). Other origins' entries live in {@code sync_vector}, raised only in the transaction that
 * stores what they cover; this node's own entry is the store's committed sequence.
 */
@Component
class VersionVector {

    private final JdbcClient jdbc;
    private final RecordStore store;
    private final String nodeId;

    VersionVector(JdbcClient jdbc, RecordStore store, NodeIdentity node, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        this.store = store;
        this.nodeId = node.nodeId();
        // a database restored from a backup holds its former id's records up to where the backup left them: that
        // origin is a peer's now, and its later records come back by the vector (before the writer starts)
        try (Connection connection = dataSource.getConnection()) {
            raise(connection, node.formerOrigins());
        }
    }

    /** By origin id; only what is committed (a peer that trusts it never skips an uncommitted record). */
    Map<String, Long> current() {
        Map<String, Long> vector = new TreeMap<>();
        long own = store.localSequence();
        jdbc.sql("select origin_node, max_seq from sync_vector").query(rs -> {
            vector.put(rs.getString(1), rs.getLong(2));
        });
        if (own > 0) {
            vector.put(nodeId, own);
        }
        return vector;
    }

    /**
     * Whether {@code ours} holds everything {@code theirs} does: every origin's sequence at least as high (a
     * vector, or a log's). A pull from a peer whose vector this one covers would bring nothing.
     */
    static boolean covers(Map<String, Long> ours, Map<String, Long> theirs) {
        if (theirs == null) {
            return false;
        }
        for (Map.Entry<String, Long> their : theirs.entrySet()) {
            Long seq = their.getValue();
            if (seq != null && seq > ours.getOrDefault(their.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }

    /** Within a writer transaction: the vector's entries for these origins (absent: none held). */
    static Map<String, Long> of(Connection connection, Collection<String> origins) throws SQLException {
        Map<String, Long> entries = new TreeMap<>();
        try (PreparedStatement st = connection.prepareStatement(
                "select max_seq from sync_vector where origin_node = ?")) {
            for (String origin : origins) {
                st.setString(1, origin);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        entries.put(origin, rs.getLong(1));
                    }
                }
            }
        }
        return entries;
    }

    /** Within a writer transaction: every record of each origin up to its seq is now held. Never lowers. */
    static void raise(Connection connection, Map<String, Long> covered) throws SQLException {
        Maxima.VECTOR.raise(connection, covered);
    }
}
