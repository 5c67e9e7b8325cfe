package io.galileosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V9 gives a database without an origin_seq row one (the row the gateway instances of one PostgreSQL lock): the
 * highest number of this node's records, never 0, since the sequence trusts the row from then on and 0 would
 * hand the held numbers out again.
 */
class OriginSeqRowMigrationTest {

    @TempDir
    Path dataDir;

    @Test
    void aDatabaseWithoutTheRowGetsItsHighestRecordNumber() throws Exception {
        try (TestNode node = TestNode.start("before", dataDir)) {
            node.ingest(TestNode.randomRecords(new Random(3), 25, 2));
        }
        // as a database migrated before the row was written: no row, and V9 not applied yet
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("galileo").toAbsolutePath(),
                "sa", ""); Statement st = c.createStatement()) {
            st.executeUpdate("delete from node_state where name = 'origin_seq'");
            assertThat(st.executeUpdate("delete from \"flyway_schema_history\" where \"version\" = '9'")).isEqualTo(1);
        }
        try (TestNode node = TestNode.start("after", dataDir)) {
            RecordStore store = node.bean(RecordStore.class);
            assertThat(store.localSequence()).isEqualTo(25);
            node.ingest(TestNode.randomRecords(new Random(4), 1, 1));
            String self = node.bean(NodeIdentity.class).nodeId();
            assertThat(store.byOrigin(self, 25, Long.MAX_VALUE, 10)).extracting(StoredRecord::originSeq)
                    .isEqualTo(List.of(26L));
        }
    }
}
