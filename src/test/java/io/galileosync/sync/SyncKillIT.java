package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.ingest.AckedFeed;
import io.galileosync.ingest.NodeProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes as real processes, each fed by its own trackers; in every round one of them starts a sync (it pulls,
 * then pushes: both directions) and, at a random moment, either node is killed with SIGKILL, then started again.
 * After every restart each node's vector claims only what it holds, and it holds everything its trackers were
 * acknowledged; at the end, after syncing again, both hold every acknowledged record once, their vectors and
 * digests are equal, and one more sync moves nothing. Seeded: the seed is printed, {@code -Dgalileo.test.seed=}
 * repeats a run.
 */
class SyncKillIT {

    private static final int ROUNDS = 4;

    private final List<Node> nodes = new java.util.ArrayList<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Node node : nodes) {
            if (node.process != null) {
                NodeProcess.kill(node.process);
            }
        }
    }

    @Test
    void killingEitherNodeInTheMiddleOfSyncsLosesAndDuplicatesNothing() throws Exception {
        long seed = Long.getLong("galileo.test.seed", System.nanoTime());
        System.out.println("SyncKillIT seed " + seed + " (repeat with -Dgalileo.test.seed=" + seed + ")");
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("galileo-sync-kill");
        Node a = new Node("kill-a", dir.resolve("a"), new AckedFeed("35811", 4));
        Node b = new Node("kill-b", dir.resolve("b"), new AckedFeed("35822", 4));
        nodes.addAll(List.of(a, b));
        a.start();
        b.start();
        int cut = 0;
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            a.feed.load(a.tcpPort, 2000 + random.nextInt(2000), 50);
            b.feed.load(b.tcpPort, 2000 + random.nextInt(2000), 50);
            Node initiator = random.nextBoolean() ? a : b;
            Node peer = initiator == a ? b : a;
            Node victim = random.nextBoolean() ? a : b;
            long delay = 150 + random.nextInt(1200);
            CompletableFuture<HttpResponse<String>> sync = initiator.api.connect(peer.api.url());
            Thread.sleep(delay);
            boolean midSync = !sync.isDone();
            NodeProcess.kill(victim.process);
            cut += midSync ? 1 : 0;
            String outcome = sync.handle((response, failure) -> failure != null ? "cut off (" + failure.getCause() + ")"
                    : response.statusCode() == 200 ? "finished" : response.statusCode() + " " + response.body())
                    .get(5, TimeUnit.MINUTES);
            System.out.printf("round %d: %s syncs with %s, %s killed after %d ms (%s): %s%n", round, initiator.name,
                    peer.name, victim.name, delay, midSync ? "mid-sync" : "after the sync", outcome);
            victim.start();
            for (Node node : nodes) {
                NodeOverHttp.Export held = node.api.export();
                assertThat(held.problems()).as("seed %d, round %d, %s", seed, round, node.name).isEmpty();
                assertThat(held.keys()).as("seed %d: %s holds what its trackers were acknowledged", seed, node.name)
                        .containsAll(node.feed.acked());
            }
        }
        a.api.sync(b.api.url());
        b.api.sync(a.api.url());

        Set<String> acknowledged = new HashSet<>(a.feed.acked());
        acknowledged.addAll(b.feed.acked());
        NodeOverHttp.Export heldA = a.api.export();
        NodeOverHttp.Export heldB = b.api.export();
        for (NodeOverHttp.Export held : List.of(heldA, heldB)) {
            assertThat(held.problems()).as("seed %d, %s", seed, held.nodeId()).isEmpty();
            assertThat(held.keys()).as("seed %d: every acknowledged record, nothing else", seed).isEqualTo(acknowledged);
            assertThat(held.records()).as("seed %d: each once", seed).hasSize(acknowledged.size());
        }
        assertThat(heldA.vector()).as("seed %d", seed).isEqualTo(heldB.vector());
        assertThat(heldA.byKey()).as("seed %d: the same origin for every key", seed).isEqualTo(heldB.byKey());
        assertThat(a.api.digest()).as("seed %d", seed).isEqualTo(b.api.digest());
        var again = a.api.sync(b.api.url());
        assertThat(again.get("newRecords").asLong() + again.get("sentRecords").asLong()).as("seed %d", seed).isZero();
        assertThat(cut).as("seed %d: kills that cut a sync", seed).isPositive();
        System.out.printf("FIGURE sync-kill | %d kills survived (%d mid-sync), %d records checked on each node, %d s%n",
                ROUNDS, cut, acknowledged.size(), (System.nanoTime() - started) / 1_000_000_000);
    }

    /** One node process, started again on the same data folder and ports. */
    private static final class Node {
        final String name;
        final Path dataDir;
        final AckedFeed feed;
        final int httpPort;
        final int tcpPort;
        final NodeOverHttp api;
        Process process;

        Node(String name, Path dataDir, AckedFeed feed) throws IOException {
            this.name = name;
            this.dataDir = dataDir;
            this.feed = feed;
            this.httpPort = NodeProcess.freePort();
            this.tcpPort = NodeProcess.freePort();
            this.api = new NodeOverHttp(httpPort);
        }

        void start() throws IOException, InterruptedException {
            process = NodeProcess.start(dataDir, httpPort, tcpPort, "--galileo.node.name=" + name,
                    "--galileo.sync.secret=" + TestNode.SECRET, "--galileo.sync.interval=1h",
                    "--galileo.discovery.enabled=false", "--galileo.backup.enabled=false",
                    // small batches and merge parts: a sync of thousands of records is many round trips to cut
                    "--galileo.sync.batch-records=100", "--galileo.sync.merge-records=100");
            NodeProcess.awaitHealthy(process, httpPort, dataDir);
        }
    }
}
