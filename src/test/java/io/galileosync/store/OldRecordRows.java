package io.galileosync.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Test fixture: the H2 file of a node's data folder at an older schema version of the compact row (V7 to V9),
 * filled as that version's writer filled it: row ids handed out by the table's own identity, in insert order.
 */
final class OldRecordRows {

    private static final String OLD_INSERT = "insert into records (" + RecordTable.STORED_COLUMNS + ", content_hash)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)";

    private final DriverManagerDataSource dataSource;

    /** Migrates the data folder's database up to {@code version}. */
    OldRecordRows(Path dataDir, String version) {
        dataSource = new DriverManagerDataSource(
                "jdbc:h2:file:" + dataDir.resolve("galileo").toAbsolutePath() + ";WRITE_DELAY=0", "sa", "");
        StoreMigrations.flyway().dataSource(dataSource).target(version).load().migrate();
    }

    /** Writes the rows and node_state entries in one transaction. */
    void write(List<StoredRecord> records, Map<String, String> nodeState) throws SQLException {
        RecordTable table = new RecordTable(dataSource);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            NewNames names = new NewNames(c);
            try (PreparedStatement st = c.prepareStatement(
                    "merge into node_state (name, state_value) key (name) values (?, ?)")) {
                for (Map.Entry<String, String> e : nodeState.entrySet()) {
                    st.setString(1, e.getKey());
                    st.setString(2, e.getValue());
                    st.executeUpdate();
                }
            }
            try (PreparedStatement st = c.prepareStatement(OLD_INSERT)) {
                for (StoredRecord r : records) {
                    table.bindInsert(st, r, ContentHash.of(r.record()), names, 1);
                    st.addBatch();
                }
                st.executeBatch();
            }
            c.commit();
            names.committed();
        }
    }
}
