package io.galileosync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galileosync.web.GalileoTestProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The store's writer transactions against a real H2 database: what commits together, what rolls back together
 * (the origin sequence included), and the store's own rules for devices and pruning. Every test works on
 * IMEIs and origins of its own, so tests share one database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@GalileoTestProperties
class StoreTransactionTest {

    @Autowired
    RecordStore store;
    @Autowired
    NodeIdentity node;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aFailedTaskRollsBackItsRecordsAndHandsItsSequenceNumbersOutAgain() {
        String imei = newImei();
        long before = store.localSequence();
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.insert(new StoredRecord(record(imei, 1_000, 1), tx.nodeId(), tx.nextLocalSeq(), 5));
            tx.insert(new StoredRecord(record(imei, 2_000, 2), tx.nodeId(), tx.nextLocalSeq(), 5));
            throw new IllegalStateException("the task fails after two inserts");
        }).join()).isInstanceOf(CompletionException.class).hasRootCauseMessage("the task fails after two inserts");

        assertThat(countOf(imei)).isZero();
        assertThat(store.localSequence()).isEqualTo(before);
        ingest(imei, record(imei, 3_000, 3));
        assertThat(store.byOrigin(node.nodeId(), before, Long.MAX_VALUE, 10))
                .extracting(StoredRecord::originSeq).containsExactly(before + 1);
        assertThat(storedSequence()).isEqualTo(before + 1);
    }

    @Test
    void aTrackerResendingAKeyIsADuplicateAndItsDeviceCountsEachRecordOnce() {
        String imei = newImei();
        TrackRecord first = record(imei, 10_000, 7);
        WriteResult stored = ingest(imei, first, record(imei, 11_000, 8));
        WriteResult again = ingest(imei, first);

        assertThat(stored).isEqualTo(new WriteResult(2, 0));
        assertThat(again).isEqualTo(new WriteResult(0, 1));
        assertThat(store.device(imei)).hasValueSatisfying(d -> {
            assertThat(d.recordCount()).isEqualTo(2);
            assertThat(d.lastTimeMs()).isEqualTo(11_000);
            assertThat(d.remoteAddress()).isEqualTo("10.1.2.3:4000");
        });
    }

    @Test
    void versionsSeeRecordsInsertedEarlierInTheSameTransaction() {
        String imei = newImei();
        TrackRecord r = record(imei, 20_000, 1);
        String origin = UUID.randomUUID().toString();
        Map<RecordKey, StoredVersion> seen = store.inTransaction(tx -> {
            tx.insert(new StoredRecord(r, origin, 42, 777));
            return tx.versions(List.of(r.key(), new RecordKey(imei, 1, 1)));
        }).join();

        assertThat(seen).containsOnlyKeys(r.key());
        assertThat(seen.get(r.key())).isEqualTo(new StoredVersion(ContentHash.of(r), origin, 42, 777));
    }

    @Test
    void aRecordOfThisNodesOwnOriginComingBackMovesTheSequencePastIt() {
        String imei = newImei();
        long ahead = store.localSequence() + 100;
        store.inTransaction(tx -> {
            tx.insert(new StoredRecord(record(imei, 30_000, 1), tx.nodeId(), ahead, 1));
            return null;
        }).join();
        assertThat(store.localSequence()).isEqualTo(ahead);
        assertThat(storedSequence()).isEqualTo(ahead);

        String other = newImei();
        ingest(other, record(other, 31_000, 1));
        assertThat(store.byOrigin(node.nodeId(), ahead, Long.MAX_VALUE, 10)).singleElement()
                .satisfies(r -> assertThat(r.originSeq()).isEqualTo(ahead + 1));
    }

    @Test
    void replacingAVersionKeepsTheKeyAndTakesTheNewContentAndOrigin() {
        String imei = newImei();
        TrackRecord held = record(imei, 40_000, 1);
        TrackRecord newer = held.withAttributes(Map.of("fuel", 12));
        store.inTransaction(tx -> {
            tx.insert(new StoredRecord(held, "origin-a", 1, 100));
            tx.replace(new StoredRecord(newer, "origin-b", 9, 200), ContentHash.of(newer));
            return null;
        }).join();

        StoredRecord stored = store.inTransaction(tx -> tx.read(held.key())).join();
        assertThat(stored).isEqualTo(new StoredRecord(newer, "origin-b", 9, 200));
        assertThat(countOf(imei)).isEqualTo(1);
    }

    @Test
    void fillingDevicesAddsUnknownOnesAndOnlyWidensKnownOnes() {
        String known = newImei();
        ingest(known, record(known, 50_000, 1));
        long seen = store.device(known).orElseThrow().lastSeen();
        String unknown = newImei();

        int added = store.inTransaction(tx -> tx.fillDevices(List.of(
                new DeviceFill(known, 5, seen + 10_000, "192.168.0.9:1"),
                new DeviceFill(unknown, 100, 200, null)))).join();

        assertThat(added).isEqualTo(1);
        assertThat(store.device(known)).hasValueSatisfying(d -> {
            assertThat(d.firstSeen()).isEqualTo(5);
            assertThat(d.lastSeen()).isEqualTo(seen + 10_000);
            assertThat(d.remoteAddress()).as("a known address is kept").isEqualTo("10.1.2.3:4000");
            assertThat(d.recordCount()).isEqualTo(1);
        });
        assertThat(store.device(unknown)).hasValueSatisfying(d -> {
            assertThat(d.recordCount()).isZero();
            assertThat(d.firstSeen()).isEqualTo(100);
        });
    }

    @Test
    void pruningByACapKeepsEachTrackersNewestRecordsAndAnswersTheHorizon() {
        String imei = newImei();
        ingest(imei, record(imei, 1_000, 1), record(imei, 2_000, 2), record(imei, 3_000, 3), record(imei, 4_000, 4));

        Pruned pruned = store.inTransaction(tx -> tx.prune(2, Long.MIN_VALUE)).join();

        assertThat(pruned.horizons()).containsEntry(imei, 3_000L);
        assertThat(times(imei)).containsExactly(3_000L, 4_000L);
    }

    @Test
    void pruningByAgeDeletesOlderRecordsWhateverTheCap() {
        String imei = newImei();
        ingest(imei, record(imei, 1_000, 1), record(imei, 5_000, 2));

        Pruned pruned = store.inTransaction(tx -> tx.prune(0, 2_000)).join();

        assertThat(pruned.horizons()).containsEntry(imei, 2_000L);
        assertThat(times(imei)).containsExactly(5_000L);
    }

    @Test
    void pruningTheOldestFractionDeletesTheOldestRecordsAndAnswersTheirHorizon() {
        String imei = newImei();
        long oldest = -9_000_000_000_000L; // older than any other test's records in this shared database
        Pruned pruned = store.inTransaction(tx -> {
            for (int i = 1; i <= 3; i++) {
                tx.insert(new StoredRecord(record(imei, oldest + i, i), "origin-low-disk", i, 5));
            }
            long total;
            try (var st = tx.connection().prepareStatement("select count(*) from records");
                 var rs = st.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            return tx.pruneOldest(1.5 / total); // the 2 oldest of all
        }).join();

        assertThat(pruned.deleted()).isEqualTo(2);
        assertThat(pruned.horizons()).isEqualTo(Map.of(imei, oldest + 3));
        assertThat(times(imei)).containsExactly(oldest + 3);
    }

    @Test
    void aRecordReadsBackInTheTransactionThatTookItsNames() {
        // a new IMEI, a new origin and a new attribute shape, taken and read before the commit (a conflict in the
        // same peer batch reads the held version so), and then again after it
        String imei = newImei();
        String origin = UUID.randomUUID().toString();
        TrackRecord r = record(imei, 1_000, 1).withAttributes(Map.of("shape-" + UUID.randomUUID(),
                Map.of("a", 1, "b", true)));
        StoredRecord stored = new StoredRecord(r, origin, 3, 100);
        StoredRecord read = store.inTransaction(tx -> {
            tx.insert(stored);
            return tx.read(r.key());
        }).join();
        assertThat(read).isEqualTo(stored);
        assertThat(store.inTransaction(tx -> tx.read(r.key())).join()).isEqualTo(stored);
    }

    @Test
    void aRecordWhoseOriginAndNumberAnotherRecordHasIsKeptUnderThisNodesNextNumber() {
        String imei = newImei();
        String origin = UUID.randomUUID().toString();
        TrackRecord first = record(imei, 1_000, 1);
        TrackRecord second = record(imei, 2_000, 2);
        TrackRecord third = record(imei, 3_000, 3);
        TrackRecord replaced = record(imei, 4_000, 4);
        TrackRecord winner = replaced.withAttributes(Map.of("probe", "the later version"));
        store.inTransaction(tx -> {
            tx.insert(new StoredRecord(first, origin, 5, 100));
            tx.insert(new StoredRecord(replaced, origin, 6, 100));
            return null;
        }).join();
        long before = store.localSequence();

        // taken in the database, taken earlier in the same transaction, taken by the version a replace brings
        store.inTransaction(tx -> {
            tx.insert(new StoredRecord(second, origin, 5, 200));
            tx.insert(new StoredRecord(third, origin, 7, 300));
            tx.insert(new StoredRecord(record(imei, 5_000, 5), origin, 7, 300));
            tx.replace(new StoredRecord(winner, origin, 5, 400), ContentHash.of(winner));
            return null;
        }).join();

        Map<RecordKey, StoredVersion> held = store.inTransaction(tx -> tx.versions(
                List.of(first.key(), second.key(), third.key(), replaced.key(), new RecordKey(imei, 5_000, 5)))).join();
        assertThat(held.get(first.key())).isEqualTo(new StoredVersion(ContentHash.of(first), origin, 5, 100));
        assertThat(held.get(second.key())).isEqualTo(
                new StoredVersion(ContentHash.of(second), node.nodeId(), before + 1, 200));
        assertThat(held.get(third.key())).isEqualTo(new StoredVersion(ContentHash.of(third), origin, 7, 300));
        assertThat(held.get(new RecordKey(imei, 5_000, 5))).extracting(StoredVersion::originNode, StoredVersion::originSeq)
                .containsExactly(node.nodeId(), before + 2);
        assertThat(held.get(replaced.key())).isEqualTo(
                new StoredVersion(ContentHash.of(winner), node.nodeId(), before + 3, 400));
        assertThat(store.localSequence()).isEqualTo(before + 3);
        // the renumbered ones are this node's to give: a peer asking for its records gets them
        assertThat(store.byOrigin(node.nodeId(), before, Long.MAX_VALUE, 10)).extracting(r -> r.record().key())
                .containsExactly(second.key(), new RecordKey(imei, 5_000, 5), replaced.key());
        assertThat(store.byOrigin(origin, 0, Long.MAX_VALUE, 10)).extracting(r -> r.record().key())
                .containsExactly(first.key(), third.key());
    }

    private WriteResult ingest(String imei, TrackRecord... records) {
        return store.submit(new WriteRequest(List.of(records),
                new WriteRequest.DeviceSighting(imei, 17, 224, 3, "10.1.2.3:4000"), System.currentTimeMillis()))
                .join();
    }

    private long countOf(String imei) {
        return store.records(imei, TimeRange.ALL, 0, 1, false).total();
    }

    private Set<Long> times(String imei) {
        return new java.util.TreeSet<>(store.records(imei, TimeRange.ALL, 0, 10_000, false).records().stream()
                .map(r -> r.record().timeMs()).toList());
    }

    private long storedSequence() {
        return Long.parseLong(jdbc.sql("select state_value from node_state where name = 'origin_seq'")
                .query(String.class).single());
    }

    private static String newImei() {
        return "35" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
    }

    static TrackRecord record(String imei, long timeMs, int number) {
        return new TrackRecord(imei, timeMs, number, 55.75, 37.61, 9, true, 42.0, 180.0, 150, 0.9, 0, 12400, 4100,
                21, 0, 1, Map.of("probe", UUID.randomUUID().toString()));
    }
}
