package io.galileosync.sync;

import io.galileosync.store.RecordKey;
import io.galileosync.store.StoredVersion;
import io.galileosync.store.TrackRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The losing versions of keys stored with two different contents ({@code sync_conflicts}; the winner stays stored). */
@Component
class ConflictLog {

    private static final String INSERT = """
            insert into sync_conflicts (detected_at, imei, time_ms, record_number, winner_origin_node,
                winner_origin_seq, winner_received_at, loser_origin_node, loser_origin_seq, loser_received_at,
                loser_record)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;

    ConflictLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One resolved conflict: the winning and losing version of a key, and the loser in full. */
    record Conflict(RecordKey key, StoredVersion winner, StoredVersion loser, TrackRecord loserRecord) {
    }

    /** Within the writer transaction that resolved them. */
    static void write(Connection connection, long detectedAt, List<Conflict> conflicts) throws SQLException {
        if (conflicts.isEmpty()) {
            return;
        }
        try (PreparedStatement st = connection.prepareStatement(INSERT)) {
            for (Conflict c : conflicts) {
                st.setLong(1, detectedAt);
                st.setString(2, c.key().imei());
                st.setLong(3, c.key().timeMs());
                st.setInt(4, c.key().recordNumber());
                st.setString(5, c.winner().originNode());
                st.setLong(6, c.winner().originSeq());
                st.setLong(7, c.winner().receivedAt());
                st.setString(8, c.loser().originNode());
                st.setLong(9, c.loser().originSeq());
                st.setLong(10, c.loser().receivedAt());
                st.setString(11, PeerWire.JSON.writeValueAsString(WireRecord.Track.of(c.loserRecord())));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    long count() {
        return jdbc.sql("select count(*) from sync_conflicts").query(Long.class).single();
    }

    /** Newest first. */
    List<Map<String, Object>> latest(int limit) {
        return jdbc.sql("select * from sync_conflicts order by id desc fetch first "
                + Math.max(1, Math.min(limit, 10_000)) + " rows only").query().listOfRows();
    }
}
