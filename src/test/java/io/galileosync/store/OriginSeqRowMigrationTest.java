package io.galileosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V9 gives a database without an origin_seq row one (the row the gateway instances of one PostgreSQL lock): the
 * highest number of this node's records, never 0, since the sequence trusts the row from then on and 0 would
 * hand the held numbers out again.
 */
class OriginSeqRowMigrationTest {

    private static final String SELF = "aaaaaaaa-0000-4000-8000-00000000009a";

    @TempDir
    Path dataDir;

    @Test
    void aDatabaseWithoutTheRowGetsItsHighestRecordNumber() throws Exception {
        List<StoredRecord> own = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 1; i <= 25; i++) {
            own.add(new StoredRecord(RecordBodyTest.randomRecord(random).withKey("86205704774" + (5500 + i), i * 1000L),
                    SELF, i, 1_700_000_000_000L));
        }
        // as a database migrated before the row was written: records of its own, no row
        new OldRecordRows(dataDir, "8").write(own, Map.of("node_id", SELF, "epoch", "epoch-1"));
        try (TestNode node = TestNode.start("after", dataDir)) {
            RecordStore store = node.bean(RecordStore.class);
            assertThat(store.localSequence()).isEqualTo(25);
            node.ingest(TestNode.randomRecords(new Random(4), 1, 1));
            assertThat(store.byOrigin(SELF, 25, Long.MAX_VALUE, 10)).extracting(StoredRecord::originSeq)
                    .isEqualTo(List.of(26L));
        }
    }
}
