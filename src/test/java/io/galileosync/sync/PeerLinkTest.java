package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Both ends of a link show it, over real HTTP between two real nodes: after A syncs with (pushes to) B, B's log
 * has the inbound sync with A's node id and the counts, B's charts count it, and A is listed in B's peers as
 * seen, not as a known (auto-synced) peer. Syncs with nothing new are one log entry per streak, on both ends.
 */
class PeerLinkTest {

    @TempDir
    Path tmp;

    @Test
    void theReceivingNodeLogsChartsAndListsThePeerThatPushedToIt() throws Exception {
        try (TestNode a = TestNode.start("depot-laptop", tmp.resolve("a"));
             TestNode b = TestNode.start("field-phone", tmp.resolve("b"))) {
            a.ingest(TestNode.randomRecords(new Random(11), 300, 3));
            b.ingest(TestNode.randomRecords(new Random(12), 40, 1));
            SyncService.SyncResult result = a.syncWith(b);
            assertThat(result.sentRecords()).isEqualTo(300);
            assertThat(result.newRecords()).isEqualTo(40);
            String aId = a.bean(io.galileosync.store.NodeIdentity.class).nodeId();

            JsonNode inbound = waitForInbound(b, Duration.ofSeconds(30));
            assertThat(inbound.get("peerNode").asString()).isEqualTo(aId);
            assertThat(inbound.get("peerUrl").asString()).isEqualTo(a.url());
            assertThat(inbound.get("newRecords").asLong()).as("received by B").isEqualTo(300);
            assertThat(inbound.get("sentRecords").asLong()).as("served by B").isEqualTo(40);
            assertThat(inbound.get("bytesIn").asLong()).isPositive();
            assertThat(inbound.get("summary").asString()).isEqualTo("300 new, 40 sent, 0 conflicts");

            JsonNode discovery = NodeApi.get(b.url() + "/api/peer/discovery").json();
            JsonNode seen = null;
            for (JsonNode d : discovery.get("discovered")) {
                if (aId.equals(d.get("nodeId").asString())) {
                    seen = d;
                }
            }
            assertThat(seen).as("A in B's discovered peers: %s", discovery).isNotNull();
            assertThat(seen.get("via").asString()).isEqualTo("inbound");
            assertThat(seen.get("name").asString()).isEqualTo("depot-laptop");
            assertThat(seen.get("apiUrl").asString()).isEqualTo(a.url());
            assertThat(seen.get("known").asBoolean()).isFalse();
            assertThat(NodeApi.get(b.url() + "/api/peer/peers").json()).as("not auto-synced unless added").isEmpty();

            JsonNode volume = NodeApi.get(b.url() + "/api/node/charts").json().get("syncVolume");
            assertThat(volume).hasSize(1);
            assertThat(volume.get(0).get("peer").asString()).isEqualTo(a.url());
            assertThat(volume.get(0).get("newRecords").asLong()).isEqualTo(300);
        }
    }

    @Test
    void idleSyncsAreOneEntryPerStreakOnBothEnds() throws Exception {
        try (TestNode a = TestNode.start("depot-laptop", tmp.resolve("a"));
             TestNode b = TestNode.start("field-phone", tmp.resolve("b"))) {
            a.ingest(TestNode.randomRecords(new Random(21), 5, 1));
            SyncService sync = a.bean(SyncService.class);
            sync.sync(b.url(), "auto");
            waitForInbound(b, Duration.ofSeconds(30));
            List<Long> starts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                starts.add(System.currentTimeMillis());
                assertThat(sync.sync(b.url(), "auto").sentRecords()).isZero();
            }
            JsonNode log = NodeApi.get(a.url() + "/api/peer/log").json();
            assertThat(log).as("%s", log).hasSize(2);
            JsonNode streak = log.get(0);
            assertThat(streak.get("checks").asLong()).isEqualTo(6);
            assertThat(streak.get("startedAt").asLong()).isBetween(starts.get(0), starts.get(1));
            assertThat(streak.get("lastAt").asLong()).isGreaterThanOrEqualTo(starts.get(5));
            assertThat(streak.get("summary").asString()).startsWith("no new records since ").contains(", 6 checks");
            assertThat(log.get(1).get("sentRecords").asLong()).isEqualTo(5);
            // B counted A's idle syncs the same way (each logged once A is quiet or starts its next)
            long deadline = System.currentTimeMillis() + 30_000;
            JsonNode inbound;
            do {
                Thread.sleep(500);
                inbound = NodeApi.get(b.url() + "/api/peer/log").json();
            } while (System.currentTimeMillis() < deadline
                    && !(inbound.size() == 2 && inbound.get(0).get("checks").asLong() == 6));
            assertThat(inbound).as("%s", inbound).hasSize(2);
            assertThat(inbound.get(0).get("triggerKind").asString()).isEqualTo("inbound");
            assertThat(inbound.get(0).get("checks").asLong()).isEqualTo(6);
            // the charts still count every sync
            assertThat(NodeApi.get(a.url() + "/api/node/charts").json().get("syncVolume").get(0).get("syncs").asLong())
                    .isEqualTo(7);
            // something new ends the streak: the next idle sync starts a new entry
            a.ingest(TestNode.randomRecords(new Random(22), 3, 1));
            assertThat(sync.sync(b.url(), "auto").sentRecords()).isEqualTo(3);
            sync.sync(b.url(), "auto");
            JsonNode after = NodeApi.get(a.url() + "/api/peer/log").json();
            assertThat(after).hasSize(4);
            assertThat(after.get(0).get("checks").asLong()).isEqualTo(1);
            assertThat(after.get(1).get("sentRecords").asLong()).isEqualTo(3);
            assertThat(after.get(2).get("checks").asLong()).isEqualTo(6);
        }
    }

    private static JsonNode waitForInbound(TestNode node, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode entry : NodeApi.get(node.url() + "/api/peer/log").json()) {
                if (InboundSyncs.TRIGGER.equals(entry.get("triggerKind").asString())) {
                    return entry;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no inbound sync in the log of " + node.url() + " within " + timeout);
    }
}
