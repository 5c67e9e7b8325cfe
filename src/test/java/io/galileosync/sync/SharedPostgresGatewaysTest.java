package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.ingest.IngestServer;
import io.galileosync.simulate.SimulationReport;
import io.galileosync.simulate.Simulator;
import io.galileosync.simulate.SimulatorOptions;
import io.galileosync.store.NodeIdentity;
import io.galileosync.store.PostgresDatabase;
import io.galileosync.store.TrackRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two gateway instances (two nodes in this JVM, each with its own ports and record writer) on ONE PostgreSQL
 * database, started at the same moment: they are one node (one identity, one origin sequence). Simulated
 * trackers ingest into both at once over real TCP, some into one, some into the other, and a few into both (a
 * tracker that roams between the instances behind a load balancer re-sends the same records). Then a field phone
 * (H2) syncs with one instance and then the other: every acknowledged record is held once everywhere, no origin
 * number is used twice, and every vector covers only what is held.
 */
class SharedPostgresGatewaysTest {

    private static final Instant START = Instant.parse("2025-06-01T00:00:00Z");
    private static final int RECORDS = 300;

    @RegisterExtension
    static final PostgresDatabase POSTGRES = new PostgresDatabase();

    @TempDir
    Path dir;

    @Test
    void twoInstancesIngestingAtOnceAndAFieldPhoneLoseAndDuplicateNothing() throws Exception {
        CompletableFuture<TestNode> startingA = starting("gateway-a");
        CompletableFuture<TestNode> startingB = starting("gateway-b");
        try (TestNode phone = TestNode.start("phone", dir.resolve("phone"))) {
            TestNode a = startingA.join();
            TestNode b = startingB.join();
            String node = a.bean(NodeIdentity.class).nodeId();
            assertThat(b.bean(NodeIdentity.class).nodeId()).as("one node identity").isEqualTo(node);
            assertThat(b.bean(NodeIdentity.class).epoch()).isEqualTo(a.bean(NodeIdentity.class).epoch());

            // 6 trackers only on a, 6 only on b, 2 on both (the same records, sent to each)
            List<CompletableFuture<SimulationReport>> runs = List.of(
                    simulate(a, 861_000_000_000_000L, 6, 1), simulate(b, 862_000_000_000_000L, 6, 2),
                    simulate(a, 863_000_000_000_000L, 2, 3), simulate(b, 863_000_000_000_000L, 2, 3));
            for (CompletableFuture<SimulationReport> run : runs) {
                SimulationReport report = run.join();
                assertThat(report.allAcked()).as(report.format()).isTrue();
            }
            Map<String, Long> expected = new HashMap<>();
            for (long base : List.of(861_000_000_000_000L, 862_000_000_000_000L)) {
                for (int t = 0; t < 6; t++) {
                    expected.put(Long.toString(base + t), (long) RECORDS);
                }
            }
            expected.put("863000000000000", (long) RECORDS);
            expected.put("863000000000001", (long) RECORDS);
            long total = 14L * RECORDS;

            // one database: both instances see every record, each once, numbered 1..total without a gap
            NodeOverHttp.Export atA = http(a).export();
            NodeOverHttp.Export atB = http(b).export();
            assertThat(atA.problems()).isEmpty();
            assertThat(atB.problems()).isEmpty();
            assertThat(countsByImei(atA)).isEqualTo(expected);
            assertThat(atA.records()).hasSize((int) total);
            assertThat(atA.records()).allSatisfy(r -> assertThat(r.origin()).isEqualTo(node));
            assertThat(atA.records().stream().mapToLong(NodeOverHttp.Held::seq).max().orElseThrow())
                    .as("contiguous origin numbers").isEqualTo(total);
            assertThat(atA.vector()).containsEntry(node, total);
            assertThat(atB.vector()).as("b's vector counts a's records too").containsEntry(node, total);

            // the field phone: its own records too, then syncs with a (both ways), then with b
            List<TrackRecord> own = TestNode.randomRecords(new Random(7), 200, 3);
            phone.ingest(own);
            NodeOverHttp phoneApi = http(phone);
            phoneApi.sync(a.url());
            NodeOverHttp.Export atPhone = phoneApi.export();
            assertThat(atPhone.problems()).isEmpty();
            assertThat(atPhone.records()).hasSize((int) total + own.size());
            assertThat(atPhone.keys()).containsAll(atA.keys());
            assertThat(atPhone.vector()).containsEntry(node, total);

            JsonNode again = phoneApi.sync(b.url());
            assertThat(again.get("newRecords").asLong()).as("b is the same node: nothing new").isZero();
            NodeOverHttp.Export atBAfter = http(b).export();
            assertThat(atBAfter.problems()).isEmpty();
            assertThat(atBAfter.keys()).isEqualTo(atPhone.keys());
            assertThat(atBAfter.records()).hasSize(atPhone.records().size());
            assertThat(b.digest()).isEqualTo(phone.digest());
            assertThat(a.digest()).isEqualTo(phone.digest());

            // H2's online backup is not PostgreSQL's: said so (pg_dump), not a failure
            HttpResponse<String> backup = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(a.url() + "/api/backup")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(backup.statusCode()).as(backup.body()).isEqualTo(501);
            assertThat(backup.body()).contains("Backup not available").contains("pg_dump");
        } finally {
            // also when the other failed to start
            closeQuietly(startingA);
            closeQuietly(startingB);
        }
    }

    private CompletableFuture<TestNode> starting(String name) {
        Supplier<TestNode> start = () -> TestNode.start(name, dir.resolve(name),
                POSTGRES.nodeProperties().toArray(String[]::new));
        return CompletableFuture.supplyAsync(start);
    }

    private static CompletableFuture<SimulationReport> simulate(TestNode gateway, long imeiBase, int trackers, long seed) {
        SimulatorOptions options = new SimulatorOptions("127.0.0.1", gateway.bean(IngestServer.class).port(), trackers,
                RECORDS, 10, Double.POSITIVE_INFINITY, imeiBase, seed, START, Duration.ofSeconds(20), 5);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new Simulator(options, new PrintStream(OutputStream.nullOutputStream())).run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Map<String, Long> countsByImei(NodeOverHttp.Export export) {
        Map<String, Long> counts = new HashMap<>();
        export.records().forEach(r -> counts.merge(r.key().substring(0, r.key().indexOf('/')), 1L, Long::sum));
        return counts;
    }

    private static NodeOverHttp http(TestNode node) {
        return new NodeOverHttp(URI.create(node.url()).getPort());
    }

    private static void closeQuietly(CompletableFuture<TestNode> starting) {
        List<TestNode> started = new ArrayList<>();
        starting.handle((node, failure) -> node == null ? null : started.add(node)).join();
        started.forEach(TestNode::close);
    }
}
