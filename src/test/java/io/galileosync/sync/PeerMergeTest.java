package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.store.ContentHash;
import io.galileosync.store.RecordStore;
import io.galileosync.store.StoredRecord;
import io.galileosync.store.TrackRecord;
import io.galileosync.web.GalileoTestProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The merge rule, run as it runs in production (a {@link PeerMerge} task in the store's writer transaction)
 * against a real H2 database. Each test uses IMEIs and origins of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@GalileoTestProperties
class PeerMergeTest {

    private static final long NOW = System.currentTimeMillis();
    private static final long DAY = 86_400_000L;

    @Autowired
    RecordStore store;
    @Autowired
    VersionVector vector;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theSameContentAgainIsADuplicateWhateverItsOrigin() {
        TrackRecord r = record(newImei(), "a");
        merge(new StoredRecord(r, origin(), 1, 100));

        MergeResult again = merge(new StoredRecord(r, origin(), 7, 999));

        assertThat(again).isEqualTo(new MergeResult(0, 1, 0, 0, 0));
        assertThat(conflicts(r)).isZero();
        assertThat(held(r).receivedAt()).isEqualTo(100);
    }

    @Test
    void theLaterReceiveTimeWinsAndTheLoserIsLogged() {
        String imei = newImei();
        TrackRecord early = record(imei, "early");
        TrackRecord late = early.withAttributes(Map.of("v", "late"));
        merge(new StoredRecord(early, origin(), 1, 100));

        MergeResult replaced = merge(new StoredRecord(late, origin(), 1, 200));
        assertThat(replaced.conflicts()).isEqualTo(1);
        assertThat(held(early).record()).isEqualTo(late);

        MergeResult kept = merge(new StoredRecord(early, origin(), 2, 150));
        assertThat(kept.conflicts()).isEqualTo(1);
        assertThat(held(early).record()).as("an earlier version never wins").isEqualTo(late);
        assertThat(conflicts(early)).isEqualTo(2);
        assertThat(jdbc.sql("select loser_received_at from sync_conflicts where imei = ? order by id").param(imei)
                .query(Long.class).list()).containsExactly(100L, 150L);
    }

    @Test
    void onTheSameReceiveTimeTheLargerOriginNodeIdWins() {
        TrackRecord a = record(newImei(), "from a");
        TrackRecord b = a.withAttributes(Map.of("v", "from b"));
        String small = "00000000-" + UUID.randomUUID().toString().substring(9);
        String large = "ffffffff-" + UUID.randomUUID().toString().substring(9);

        merge(new StoredRecord(b, large, 1, 500));
        merge(new StoredRecord(a, small, 1, 500));
        assertThat(held(a).originNode()).isEqualTo(large);

        TrackRecord c = record(newImei(), "from a");
        TrackRecord d = c.withAttributes(Map.of("v", "from b"));
        merge(new StoredRecord(c, small, 2, 500));
        merge(new StoredRecord(d, large, 2, 500));
        assertThat(held(c).originNode()).as("the same winner in the other merge order").isEqualTo(large);
    }

    @Test
    void onTheSameReceiveTimeAndOriginTheLargerContentHashWins() {
        TrackRecord x = record(newImei(), "x");
        TrackRecord y = x.withAttributes(Map.of("v", "y"));
        TrackRecord winner = ContentHash.of(x) > ContentHash.of(y) ? x : y;
        String origin = origin();

        merge(new StoredRecord(x, origin, 1, 500));
        merge(new StoredRecord(y, origin, 2, 500));
        assertThat(held(x).record()).isEqualTo(winner);

        TrackRecord x2 = record(newImei(), "x");
        TrackRecord y2 = x2.withAttributes(Map.of("v", "y"));
        TrackRecord winner2 = ContentHash.of(x2) > ContentHash.of(y2) ? x2 : y2;
        merge(new StoredRecord(y2, origin, 3, 500));
        merge(new StoredRecord(x2, origin, 4, 500));
        assertThat(held(x2).record()).isEqualTo(winner2);
    }

    @Test
    void recordsOlderThanTheRetentionHorizonAreRejected() {
        String imei = newImei();
        store.inTransaction(tx -> {
            RetentionHorizons.raise(tx.connection(), Map.of(imei, 5_000L));
            return null;
        }).join();

        String origin = origin();
        MergeResult result = store.inTransaction(new PeerMerge(List.of(
                new StoredRecord(record(imei, 4_999, "pruned"), origin, 1, 1),
                new StoredRecord(record(imei, 5_000, "kept"), origin, 2, 1),
                new StoredRecord(record(newImei(), 100, "too old"), origin, 3, 1)), Map.of(origin, 3L), 200,
                Long.MAX_VALUE, Long.MAX_VALUE, 0)).join();

        assertThat(result).isEqualTo(new MergeResult(1, 0, 0, 2, 0));
    }

    @Test
    void theVectorRisesToWhatABatchCompletesAndNeverFalls() {
        String origin = origin();
        merge(List.of(new StoredRecord(record(newImei(), "x"), origin, 50, 1)), Map.of(origin, 50L));
        assertThat(vector.current()).containsEntry(origin, 50L);

        merge(List.of(), Map.of(origin, 20L));
        assertThat(vector.current()).containsEntry(origin, 50L);
    }

    @Test
    void aClaimBeyondWhatTheBatchOfferedOrTheStoreHoldsRaisesTheVectorOnlyThatFar() {
        String origin = origin();
        merge(List.of(new StoredRecord(record(newImei(), "a"), origin, 7, 1)), Map.of(origin, Long.MAX_VALUE));
        assertThat(vector.current()).containsEntry(origin, 7L);

        String empty = origin();
        merge(List.of(), Map.of(empty, 1_000L));
        assertThat(vector.current()).as("nothing of it offered or held").doesNotContainKey(empty);
    }

    @Test
    void aPeerNeverMovesThisNodesOwnOrigin() {
        String self = store.inTransaction(tx -> tx.nodeId()).join();
        long before = store.localSequence();

        merge(List.of(), Map.of(self, Long.MAX_VALUE - 1));

        assertThat(jdbc.sql("select count(*) from sync_vector where origin_node = ?").param(self)
                .query(Long.class).single()).isZero();
        assertThat(store.localSequence()).isEqualTo(before);
        assertThat(vector.current().getOrDefault(self, 0L)).isEqualTo(before);
    }

    @Test
    void recordsTheStoresRulesRefuseOrReceivedInTheFutureAreInvalidAndNotStored() {
        String imei = newImei();
        TrackRecord good = record(imei, 1_000, "good");
        MergeResult result = merge(
                new StoredRecord(good, origin(), 1, NOW),
                new StoredRecord(record("86123ABC4567890", 2_000, "letters"), origin(), 2, NOW),
                new StoredRecord(new TrackRecord(imei, 3_000, 1, 95.0, 10.0, 5, true, null, null, null, null, null,
                        null, null, null, null, null, Map.of()), origin(), 3, NOW),
                new StoredRecord(new TrackRecord(imei, 4_000, 1, Double.NaN, 10.0, 5, true, null, null, null, null,
                        null, null, null, null, null, null, Map.of()), origin(), 4, NOW),
                new StoredRecord(record(imei, NOW + 2 * DAY, "from 2 days ahead"), origin(), 5, NOW),
                new StoredRecord(record(imei, 6_000, "received in the year 2255"), origin(), 6, 9_000_000_000_000L));

        assertThat(result).isEqualTo(new MergeResult(1, 0, 0, 0, 5));
        assertThat(jdbc.sql("select count(*) from records r join record_imeis i on r.imei_id = i.id where i.imei = ?")
                .param(imei).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void recordsWithoutAnOriginOfTheirOwnGetThisNodesNextSequenceNumbers() {
        String self = store.inTransaction(tx -> tx.nodeId()).join();
        String imei = newImei();
        long before = store.localSequence();

        merge(new StoredRecord(record(imei, 1_000, "one"), self, PeerMerge.ASSIGN_LOCAL_SEQ, 1),
                new StoredRecord(record(imei, 2_000, "two"), self, PeerMerge.ASSIGN_LOCAL_SEQ, 1));

        assertThat(store.byOrigin(self, before, Long.MAX_VALUE, 10)).extracting(StoredRecord::originSeq)
                .containsExactly(before + 1, before + 2);
        assertThat(vector.current()).containsEntry(self, before + 2);
    }

    /** As a sender does: the batch claims each of its origins complete up to its last record. */
    private MergeResult merge(StoredRecord... records) {
        Map<String, Long> complete = new HashMap<>();
        for (StoredRecord r : records) {
            complete.merge(r.originNode(), r.originSeq(), Math::max);
        }
        return merge(List.of(records), complete);
    }

    private MergeResult merge(List<StoredRecord> records, Map<String, Long> complete) {
        return store.inTransaction(new PeerMerge(records, complete, Long.MIN_VALUE, NOW + DAY, NOW + 600_000, NOW))
                .join();
    }

    private StoredRecord held(TrackRecord record) {
        return store.inTransaction(tx -> tx.read(record.key())).join();
    }

    private long conflicts(TrackRecord record) {
        return jdbc.sql("select count(*) from sync_conflicts where imei = ? and time_ms = ?")
                .params(record.imei(), record.timeMs()).query(Long.class).single();
    }

    private static String origin() {
        return UUID.randomUUID().toString();
    }

    private static String newImei() {
        return "35" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
    }

    private static TrackRecord record(String imei, String value) {
        return record(imei, 1_700_000_000_000L, value);
    }

    private static TrackRecord record(String imei, long timeMs, String value) {
        return new TrackRecord(imei, timeMs, 1, 55.75, 37.61, 9, true, 42.0, 180.0, 150, 0.9, 0, 12400, 4100, 21, 0,
                1, Map.of("v", value));
    }
}
