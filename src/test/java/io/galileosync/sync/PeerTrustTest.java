package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.ingest.IngestServer;
import io.galileosync.ingest.TestPackets;
import io.galileosync.ingest.TrackerClient;
import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import io.galileosync.store.TrackRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team member's device that is lost, stolen or buggy, against real nodes over signed HTTP: it holds the
 * secret, so its requests pass, but what it sends is checked before anything touches the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerTrustTest {

    @TempDir
    static Path dir;

    private TestNode b;
    private TestNode c;
    private String bId;

    @BeforeAll
    void start() {
        b = TestNode.start("b", dir.resolve("b"), "galileo.sync.merge-records=500");
        c = TestNode.start("c", dir.resolve("c"));
        bId = b.bean(NodeIdentity.class).nodeId();
    }

    @AfterAll
    void stop() {
        b.close();
        c.close();
    }

    @Test
    void vectorClaimsBeyondBoundsAreRefusedWholeAndNothingChanges() throws Exception {
        long before = b.count();
        Map<String, Long> vector = b.bean(VersionVector.class).current();
        for (String claim : List.of("{\"" + UUID.randomUUID() + "\": 9223372036854775807}",
                "{\"" + bId + "\": 9223372036854775806}", "{\"" + UUID.randomUUID() + "\": 0}",
                "{\"" + UUID.randomUUID() + "\": -5}", "{\"not a node id!\": 5}")) {
            SignedClient.Answer answer = push(List.of(), claim);
            assertThat(answer.status()).as(claim + ": " + answer.text()).isEqualTo(400);
        }
        assertThat(b.count()).isEqualTo(before);
        assertThat(b.bean(VersionVector.class).current()).isEqualTo(vector);
    }

    @Test
    void aVectorRisesOnlyToWhatTheBatchHoldsAndNeverForTheNodesOwnOrigin() throws Exception {
        String origin = UUID.randomUUID().toString();
        long ownBefore = b.bean(RecordStore.class).localSequence();
        String records = "[" + wire(record(), origin, 5, System.currentTimeMillis()) + "]";
        SignedClient.Answer answer = push(records, "{\"" + origin + "\": 4503599627370496, \"" + bId
                + "\": 4503599627370495}");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(b.bean(VersionVector.class).current()).containsEntry(origin, 5L);
        assertThat(b.bean(RecordStore.class).localSequence()).isEqualTo(ownBefore);

        // the node's own records keep flowing: new ones are numbered next to its own, and a peer gets them
        b.ingest(TestNode.randomRecords(new Random(11), 3, 1));
        assertThat(b.bean(RecordStore.class).localSequence()).isEqualTo(ownBefore + 3);
        c.syncWith(b);
        assertThat(c.keys()).containsAll(b.keys());
    }

    @Test
    void malformedRecordsAreRefusedWholeWith400() throws Exception {
        long before = b.count();
        String origin = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        for (String record : List.of(
                "{\"record\": {\"imei\": null, \"timeMs\": 1000, \"recordNumber\": 1}, \"originNode\": \"" + origin
                        + "\", \"originSeq\": 1, \"receivedAt\": " + now + "}",
                "{\"record\": {\"imei\": \"" + "1".repeat(40) + "\", \"timeMs\": 1000, \"recordNumber\": 1},"
                        + " \"originNode\": \"" + origin + "\", \"originSeq\": 1, \"receivedAt\": " + now + "}",
                "{\"record\": {\"imei\": \"861234567890123\", \"timeMs\": 1000, \"recordNumber\": 1},"
                        + " \"originNode\": null, \"originSeq\": 1, \"receivedAt\": " + now + "}",
                "{\"record\": {\"imei\": \"861234567890123\", \"timeMs\": 1000, \"recordNumber\": 1},"
                        + " \"originNode\": \"" + "x".repeat(300) + "\", \"originSeq\": 1, \"receivedAt\": " + now + "}",
                "{\"record\": {\"imei\": \"861234567890123\", \"timeMs\": 1000, \"recordNumber\": 1},"
                        + " \"originNode\": \"" + origin + "\", \"originSeq\": 0, \"receivedAt\": " + now + "}",
                "{\"record\": {\"imei\": \"861234567890123\", \"timeMs\": 1000, \"recordNumber\": 1},"
                        + " \"originNode\": \"" + origin + "\", \"originSeq\": 1099511627776, \"receivedAt\": " + now
                        + "}",
                "{\"record\": null, \"originNode\": \"" + origin + "\", \"originSeq\": 1, \"receivedAt\": 1}")) {
            SignedClient.Answer answer = push("[" + record + "]", "{\"" + origin + "\": 1}");
            assertThat(answer.status()).as(record + ": " + answer.text()).isEqualTo(400);
            assertThat(answer.text()).contains("\"title\":\"Bad Request\"").doesNotContain("Unexpected error", "null");
        }
        assertThat(b.count()).isEqualTo(before);
    }

    @Test
    void recordsNoNodeShouldStoreAreRefusedAndDoNotSpread() throws Exception {
        String origin = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        TrackRecord good = record();
        TrackRecord letters = new TrackRecord("86123ABC4567890", good.timeMs(), 1, 1.0, 1.0, 5, true, null, null,
                null, null, null, null, null, null, null, null, Map.of());
        TrackRecord offEarth = new TrackRecord(good.imei(), good.timeMs() + 1, 2, 95.0, 1.0, 5, true, null, null,
                null, null, null, null, null, null, null, null, Map.of());
        TrackRecord year2100 = new TrackRecord(good.imei(), 4_102_444_800_000L, 3, 1.0, 1.0, 5, true, null, null,
                null, null, null, null, null, null, null, null, Map.of());
        String records = "[" + String.join(",", wire(good, origin, 1, now), wire(letters, origin, 2, now),
                wire(offEarth, origin, 3, now), wire(year2100, origin, 4, now),
                wire(good.withKey(good.imei(), good.timeMs() + 2), origin, 5, 9_000_000_000_000_000L),
                nanRecord(good.imei(), origin, 6, now)) + "]";
        SignedClient.Answer answer = push(records, "{\"" + origin + "\": 6}");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text()).contains("\"inserted\":1").contains("\"invalid\":5");

        c.syncWith(b);
        assertThat(c.jdbc().sql("select count(*) from records r join record_origins o on r.origin_id = o.id"
                + " where o.node_id = ?").param(origin)
                .query(Long.class).single()).as("only the good one spreads").isEqualTo(1);
    }

    @Test
    void recordsWithoutAVectorClaimAreNotStoredSoTheyCannotDivideTheTeam() throws Exception {
        String origin = UUID.randomUUID().toString();
        String records = "[" + wire(record(), origin, 1, System.currentTimeMillis()) + "]";
        SignedClient.Answer answer = push(records, "{}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).contains("\"inserted\":0").contains("\"invalid\":1");
    }

    @Test
    void aTrackersAckDoesNotWaitBehindALargePeerBatch() throws Exception {
        List<TrackRecord> many = TestNode.randomRecords(new Random(21), 20_000, 40);
        String origin = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        StringBuilder records = new StringBuilder("[");
        for (int i = 0; i < many.size(); i++) {
            records.append(i == 0 ? "" : ",").append(wire(many.get(i), origin, i + 1, now));
        }
        records.append(']');
        long before = b.count();
        CompletableFuture<SignedClient.Answer> merging = CompletableFuture.supplyAsync(() -> {
            try {
                return push(records.toString(), "{\"" + origin + "\": " + many.size() + "}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (b.count() == before && !merging.isDone()) { // the first part is in: the merge is under way
            Thread.sleep(20);
        }
        assertThat(merging).as("the push is still merging once its first part is stored").isNotDone();
        byte[] head = TestPackets.head("861111111111111");
        try (TrackerClient tracker = new TrackerClient(b.bean(IngestServer.class).port())) {
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            assertThat(merging).as("the tracker's ACK came while the peer's batch was still merging").isNotDone();
        }
        assertThat(merging.get().status()).isEqualTo(200);
        assertThat(b.count()).isEqualTo(before + many.size());
    }

    private SignedClient.Answer push(List<String> records, String complete) throws Exception {
        return push("[" + String.join(",", records) + "]", complete);
    }

    private SignedClient.Answer push(String records, String complete) throws Exception {
        return SignedClient.post(b.url(), "/peer/import", "{\"nodeId\": \"x\", \"epoch\": \"e\", \"records\": "
                + records + ", \"complete\": " + complete + ", \"more\": false}", TestNode.SECRET);
    }

    private static TrackRecord record() {
        return TestNode.randomRecords(new Random(), 1, 1).get(0);
    }

    private static String wire(TrackRecord record, String origin, long seq, long receivedAt) {
        return PeerWire.JSON.writeValueAsString(new WireRecord(WireRecord.Track.of(record), origin, seq, receivedAt));
    }

    private static String nanRecord(String imei, String origin, long seq, long receivedAt) {
        return "{\"record\": {\"imei\": \"" + imei + "\", \"timeMs\": 5000, \"recordNumber\": 9, \"latitude\": \"NaN\","
                + " \"longitude\": 1.0}, \"originNode\": \"" + origin + "\", \"originSeq\": " + seq
                + ", \"receivedAt\": " + receivedAt + "}";
    }
}
