package io.galileosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V10 keys record rows by origin and sequence number. A database of the version before (V9, ids in insert order,
 * an index on origin and sequence) opens with every record, each row's id now its origin and number; a row whose
 * origin and number an earlier row already had (two records under one pair: a copied data folder, a lying peer)
 * is kept, under this node's next numbers, which the node then numbers on after.
 */
class OriginKeyedRowMigrationTest {

    private static final String SELF = "aaaaaaaa-0000-4000-8000-0000000000a1";
    private static final String PEER = "bbbbbbbb-0000-4000-8000-0000000000b2";
    private static final long OWN_MARK = 40;

    @TempDir
    Path dataDir;

    @Test
    void everyRowKeepsItsRecordAndARowWhosePairWasTakenIsRenumberedAsThisNodes() throws Exception {
        Random random = new Random(10);
        List<StoredRecord> written = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // shuffled origins and numbers with gaps: insert order is not sequence order
            String origin = i % 3 == 0 ? SELF : PEER;
            long seq = origin.equals(SELF) ? i / 3 % 40 + 1 : 1_000 + (i * 7919L) % 5_000;
            written.add(new StoredRecord(RecordBodyTest.randomRecord(random).withKey("3520940" + (10_000 + i % 50),
                    1_600_000_000_000L + i * 1_000L), origin, seq, 1_700_000_000_000L + i));
        }
        // PEER's numbers repeat after 5,000 records: none here; SELF's after 40: 1,000 - 40 of them are taken twice
        Map<String, Long> firstOfPair = new HashMap<>();
        List<StoredRecord> renumbered = new ArrayList<>();
        for (StoredRecord s : written) {
            if (firstOfPair.putIfAbsent(s.originNode() + "/" + s.originSeq(), s.originSeq()) != null) {
                renumbered.add(s);
            }
        }
        assertThat(renumbered).hasSize(1_000 - 40);
        new OldRecordRows(dataDir, "9").write(written, Map.of("node_id", SELF, "epoch", "epoch-1",
                LocalSequence.KEY, Long.toString(OWN_MARK)));

        try (TestNode node = TestNode.start("migrated", dataDir)) {
            RecordStore store = node.bean(RecordStore.class);
            JdbcClient jdbc = node.bean(JdbcClient.class);
            assertThat(store.recordCount()).isEqualTo(written.size());
            Map<RecordKey, StoredRecord> read = new HashMap<>();
            try (Stream<StoredRecord> all = store.streamAll()) {
                all.forEach(s -> read.put(s.record().key(), s));
            }
            assertThat(read).hasSize(written.size());
            long next = OWN_MARK;
            for (StoredRecord s : written) {
                StoredRecord got = read.get(s.record().key());
                assertThat(got.record()).isEqualTo(s.record());
                assertThat(got.receivedAt()).isEqualTo(s.receivedAt());
                if (renumbered.contains(s)) {
                    // in the old rows' id order, which is the order written
                    assertThat(got.originNode()).isEqualTo(SELF);
                    assertThat(got.originSeq()).isEqualTo(++next);
                } else {
                    assertThat(got.originNode()).isEqualTo(s.originNode());
                    assertThat(got.originSeq()).isEqualTo(s.originSeq());
                }
            }
            assertThat(jdbc.sql("select count(*) from records where id <> cast(origin_id as bigint) * 1099511627776"
                    + " + origin_seq").query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from information_schema.indexes where lower(index_name) ="
                    + " 'ix_records_origin'").query(Long.class).single()).isZero();

            // each origin's records by number, the renumbered ones after SELF's own
            List<StoredRecord> peers = store.byOrigin(PEER, 0, Long.MAX_VALUE, 10_000);
            assertThat(peers).extracting(StoredRecord::originSeq).isSorted().hasSize(2_000);
            List<StoredRecord> own = store.byOrigin(SELF, 0, Long.MAX_VALUE, 10_000);
            assertThat(own).extracting(StoredRecord::originSeq).isSorted()
                    .isEqualTo(Stream.iterate(1L, n -> n + 1).limit(next).toList());
            assertThat(store.localSequence()).isEqualTo(next);

            // new records are numbered on after the renumbered ones, and read back after them
            node.ingest(TestNode.randomRecords(new Random(11), 2, 1));
            assertThat(store.byOrigin(SELF, next, Long.MAX_VALUE, 10)).extracting(StoredRecord::originSeq)
                    .containsExactly(next + 1, next + 2);
            assertThat(store.records(written.get(0).record().imei(), TimeRange.ALL, 0, 10_000, false).records())
                    .extracting(s -> s.record().timeMs()).isSorted().hasSize(60);
            assertThat(peers.stream().max(Comparator.comparingLong(StoredRecord::originSeq)).orElseThrow()
                    .originSeq()).isLessThan(6_000);
        }
    }
}
