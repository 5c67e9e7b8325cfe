package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Fills the content hash of rows stored before it existed (a digest needs it on every row). */
final class HashBackfill {

    private HashBackfill() {
    }

    static int run(Connection connection) throws SQLException {
        List<long[]> updates = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(
                "select id, " + RecordTable.RECORD_COLUMNS + " from records where content_hash is null");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                updates.add(new long[] {rs.getLong("id"), ContentHash.of(RecordTable.read(rs))});
            }
        }
        try (PreparedStatement st = connection.prepareStatement("update records set content_hash = ? where id = ?")) {
            for (long[] update : updates) {
                st.setLong(1, update[1]);
                st.setLong(2, update[0]);
                st.addBatch();
            }
            st.executeBatch();
        }
        return updates.size();
    }
}
