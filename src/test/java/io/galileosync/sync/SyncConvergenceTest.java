package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.store.RecordStore;
import io.galileosync.store.TrackRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes over real HTTP: random ingest on each, random pairwise syncs in a seeded order, then every
 * node holds the union, once, with identical digests; a record ingested at two nodes is stored once; two
 * versions of one key resolve to the same winner everywhere and the loser is kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncConvergenceTest {

    @TempDir
    static Path dir;

    final List<TestNode> nodes = new ArrayList<>();

    @BeforeAll
    void startNodes() {
        for (String name : List.of("a", "b", "c")) {
            List<String> properties = new ArrayList<>(List.of("galileo.sync.batch-records=97"));
            properties.addAll(databaseOf(name));
            nodes.add(TestNode.start(name, dir.resolve(name), properties.toArray(String[]::new)));
        }
    }

    /** The database settings of a node: none, its own H2 file in its data folder. */
    List<String> databaseOf(String node) {
        return List.of();
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(TestNode::close);
    }

    @Test
    void randomIngestAndRandomPairwiseSyncsConverge() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String why = "seed " + seed;
        Set<String> union = new HashSet<>(nodes.get(0).keys());
        nodes.forEach(n -> union.addAll(n.keys()));

        // one tracker archive reaching two nodes (a tracker re-sent it after roaming): same keys, same content
        List<TrackRecord> shared = TestNode.randomRecords(random, 150, 3);
        nodes.get(0).ingest(shared);
        nodes.get(1).ingest(shared);
        shared.forEach(r -> union.add(key(r)));

        for (int round = 0; round < 12; round++) {
            TestNode target = nodes.get(random.nextInt(nodes.size()));
            List<TrackRecord> fresh = TestNode.randomRecords(random, 1 + random.nextInt(300), 6);
            target.ingest(fresh);
            fresh.forEach(r -> union.add(key(r)));
            int from = random.nextInt(nodes.size());
            int to = (from + 1 + random.nextInt(nodes.size() - 1)) % nodes.size();
            nodes.get(from).syncWith(nodes.get(to));
        }
        // gossip along a path both ways: now everything reached everyone
        nodes.get(0).syncWith(nodes.get(1));
        nodes.get(1).syncWith(nodes.get(2));
        nodes.get(0).syncWith(nodes.get(1));

        Map<String, Digest.Entry> first = nodes.get(0).digest();
        for (TestNode node : nodes) {
            assertThat(node.keys()).as("%s: union at %s", why, node.name).isEqualTo(union);
            assertThat(node.count()).as("%s: no duplicates at %s", why, node.name).isEqualTo(union.size());
            assertThat(node.digest()).as("%s: digest at %s", why, node.name).isEqualTo(first);
        }
        // idempotent: a second round moves nothing
        SyncService.SyncResult again = nodes.get(2).syncWith(nodes.get(0));
        assertThat(again.newRecords() + again.sentRecords()).as(why).isZero();
    }

    @Test
    void twoVersionsOfOneKeyResolveToTheSameWinnerEverywhere() throws InterruptedException {
        Random random = new Random(42);
        TrackRecord original = TestNode.randomRecords(random, 1, 1).get(0);
        TrackRecord other = new TrackRecord(original.imei(), original.timeMs(), original.recordNumber(),
                original.latitude() + 0.5, original.longitude(), original.satellites(), original.fixValid(),
                original.speed(), original.course(), original.altitude(), original.hdop(), original.status(),
                original.supplyVoltage(), original.batteryVoltage(), original.temperature(), original.outputs(),
                original.inputs(), original.attributes());
        nodes.get(0).ingest(List.of(original));
        Thread.sleep(5);
        nodes.get(2).ingest(List.of(other)); // received later: wins
        nodes.get(0).syncWith(nodes.get(2));
        nodes.get(1).syncWith(nodes.get(0));
        for (TestNode node : List.of(nodes.get(0), nodes.get(1), nodes.get(2))) {
            Double latitude = node.bean(RecordStore.class).inTransaction(tx -> tx.read(original.key())).join()
                    .record().latitude();
            assertThat(latitude).as("winner at %s", node.name).isEqualTo(other.latitude());
        }
        long losers = nodes.get(0).jdbc().sql("select count(*) from sync_conflicts where imei = ?")
                .param(original.imei()).query(Long.class).single();
        assertThat(losers).as("the loser is kept where the conflict was seen").isEqualTo(1);
    }

    private static String key(TrackRecord r) {
        return r.imei() + "/" + r.timeMs() + "/" + r.recordNumber();
    }
}
