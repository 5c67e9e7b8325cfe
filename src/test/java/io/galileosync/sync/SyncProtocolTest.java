package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.galileosync.store.NodeIdentity;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * Two real nodes over real HTTP: resuming a cut sync, bytes growing with what is new, the trust and size
 * checks of the peer API, a wiped node coming back, and retention not letting pruned records return.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncProtocolTest {

    private static final long SEED = Long.getLong("galileo.test.seed", System.nanoTime());

    @TempDir
    static Path dir;

    private TestNode a;
    private TestNode b;
    private final Random random = new Random(SEED);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startNodes() {
        a = TestNode.start("a", dir.resolve("a"), "galileo.sync.batch-records=100",
                "galileo.sync.max-body-bytes=2000000");
        b = startB();
    }

    /** b checks digests on every sync (the default is every 10 minutes). */
    private static TestNode startB() {
        return TestNode.start("b", dir.resolve("b"), "galileo.sync.batch-records=100",
                "galileo.sync.digest-interval=0s");
    }

    @AfterAll
    void stopNodes() {
        a.close();
        b.close();
    }

    @Test
    @Order(1)
    void aSyncCutAfterSomeBatchesResumesWithoutLossOrDuplicates() throws Exception {
        a.ingest(TestNode.randomRecords(random, 1000, 5));
        AtomicInteger exports = new AtomicInteger();
        HttpServer proxy = cuttingProxy(a.url(), exports, 3);
        try {
            String proxyUrl = "http://127.0.0.1:" + proxy.getAddress().getPort();
            assertThatThrownBy(() -> b.bean(SyncService.class).sync(proxyUrl, "test"))
                    .as("seed %d", SEED).isInstanceOf(PeerClient.PeerException.class);
            assertThat(b.count()).as("three committed batches of 100, seed %d", SEED).isEqualTo(300);
        } finally {
            proxy.stop(0);
        }
        SyncService.SyncResult resumed = b.syncWith(a);
        assertThat(resumed.newRecords()).as("only the rest comes, seed %d", SEED).isEqualTo(a.count() - 300);
        assertThat(b.keys()).isEqualTo(a.keys());
        assertThat(b.count()).isEqualTo(a.count());
        assertThat(b.digest()).isEqualTo(a.digest());
    }

    @Test
    @Order(2)
    void incrementalSyncBytesGrowWithNewRecordsNotStoredRecords() {
        b.syncWith(a);
        SyncService.SyncResult nothing = b.syncWith(a);
        assertThat(nothing.newRecords() + nothing.sentRecords()).isZero();
        assertThat(nothing.bytesIn() + nothing.bytesOut()).as("a sync with nothing new").isLessThan(2_000);
        assertThat(nothing.requests()).as("b's status request and the digest it compares every time").isEqualTo(2);
        a.syncWith(b); // a compares digests every 10 minutes (the default): now
        assertThat(a.syncWith(b).requests()).as("a sync with nothing new asks for the peer's status only")
                .isEqualTo(1);

        long small = bytesToSync(50);
        a.ingest(TestNode.randomRecords(random, 4000, 5)); // the store grows 4x
        b.syncWith(a);
        long smallOnBigStore = bytesToSync(50);
        long bigger = bytesToSync(400);
        assertThat((double) smallOnBigStore).as("k=50 on N=1000 vs N=5000, seed %d", SEED)
                .isLessThan(small * 1.5);
        assertThat((double) bigger).as("k=400 vs k=50, seed %d", SEED).isGreaterThan(smallOnBigStore * 4.0);
        System.out.printf("incremental sync bytes: k=50 -> %d (N=1000), %d (N=5000); k=400 -> %d%n", small,
                smallOnBigStore, bigger);
    }

    private long bytesToSync(int k) {
        a.ingest(TestNode.randomRecords(random, k, 5));
        SyncService.SyncResult result = b.syncWith(a);
        assertThat(result.newRecords()).as("seed %d", SEED).isEqualTo(k);
        return result.bytesIn() + result.bytesOut();
    }

    /** The bare signed /peer/export is the whole store, streamed as gzip, in the full-export format. */
    @Test
    @Order(3)
    void theBareExportIsTheWholeStoreInTheExportFormat() throws Exception {
        HttpRequest signed = request(a, "GET", "/peer/export", new byte[0], TestNode.SECRET, null);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(signed.uri()).headers(headers(signed))
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body())).readAllBytes();
        ExportFile export = PeerWire.JSON.readValue(plain, ExportFile.class);
        assertThat(export.format()).isEqualTo(PeerWire.EXPORT_FORMAT);
        assertThat(export.records()).hasSize((int) a.count());
        assertThat(export.vector()).isEqualTo(a.bean(VersionVector.class).current());
    }

    @Test
    @Order(3)
    void requestsWithoutValidProofAreRefusedAndChangeNothing() throws Exception {
        long before = a.count();
        Map<String, Long> vectorBefore = a.bean(VersionVector.class).current();
        byte[] batch = gzip(PeerWire.JSON.writeValueAsBytes(new PeerWire.Batch("x", "e",
                List.of(new WireRecord(WireRecord.Track.of(TestNode.randomRecords(random, 1, 1).get(0)),
                        UUID.randomUUID().toString(), 1, 1)),
                Map.of(), false)));

        assertThat(send(a, "POST", "/peer/import", batch, "another-team", null).statusCode()).isEqualTo(401);
        assertThat(send(a, "POST", "/peer/import", batch, null, null).statusCode()).as("unsigned").isEqualTo(401);
        HttpRequest signed = request(a, "POST", "/peer/import", batch, TestNode.SECRET, null);
        HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(signed.uri())
                .headers(headers(signed)).POST(HttpRequest.BodyPublishers.ofByteArray(gzip("{}".getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.statusCode()).as("tampered body").isEqualTo(401);
        assertThat(tampered.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("problem+json"));

        HttpRequest status = request(a, "GET", "/peer/status", new byte[0], TestNode.SECRET, null);
        assertThat(http.send(status, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(http.send(status, HttpResponse.BodyHandlers.ofString()).statusCode()).as("replayed")
                .isEqualTo(401);
        assertThat(send(a, "GET", "/peer/status", new byte[0], TestNode.SECRET, System.currentTimeMillis() - 3_600_000)
                .statusCode()).as("outside the replay window").isEqualTo(401);

        byte[] huge = new byte[3_000_000];
        random.nextBytes(huge);
        assertThat(send(a, "POST", "/peer/import", huge, TestNode.SECRET, null).statusCode()).isEqualTo(413);
        byte[] bomb = gzip(new byte[50_000_000]);
        assertThat(bomb.length).isLessThan(2_000_000);
        assertThat(send(a, "POST", "/peer/import", bomb, TestNode.SECRET, null).statusCode()).as("gzip bomb")
                .isEqualTo(413);
        HttpResponse<String> malformed = send(a, "POST", "/peer/import", gzip("{\"records\": [".getBytes()),
                TestNode.SECRET, null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("malformed JSON");

        // a node of another team can neither pull nor push
        assertThat(a.count()).isEqualTo(before);
        assertThat(a.bean(VersionVector.class).current()).isEqualTo(vectorBefore);
    }

    @Test
    @Order(4)
    void aStoppedNodeAnswers503AndTheManagementApiSaysWhichPeerFailed() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        plain.send(HttpRequest.newBuilder(URI.create(a.url() + "/api/peer/stop")).POST(HttpRequest.BodyPublishers
                .noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> refused = connect(b, a.url());
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.body()).contains(a.url()).contains("503");
        plain.send(HttpRequest.newBuilder(URI.create(a.url() + "/api/peer/start")).POST(HttpRequest.BodyPublishers
                .noBody()).build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> unreachable = connect(b, "http://127.0.0.1:1");
        assertThat(unreachable.statusCode()).isEqualTo(502);
        assertThat(unreachable.body()).contains("http://127.0.0.1:1").contains("unreachable");

        a.ingest(TestNode.randomRecords(random, 10, 2));
        HttpResponse<String> ok = connect(b, a.url());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"syncResult\"").contains("\"newRecords\":10");
        HttpResponse<String> log = plain.send(HttpRequest.newBuilder(URI.create(b.url() + "/api/peer/log")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(log.body()).contains("failure").contains("success");

        // auto-sync: a known, enabled peer is synced by the scheduler's next tick
        HttpResponse<String> added = plain.send(HttpRequest.newBuilder(URI.create(b.url() + "/api/peer/peers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + a.url() + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).isIn(200, 201);
        a.ingest(TestNode.randomRecords(random, 7, 2));
        b.bean(SyncScheduler.class).tick();
        long deadline = System.currentTimeMillis() + 30_000;
        while (autoSyncs(b) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(autoSyncs(b)).as("auto-sync logged").isEqualTo(1);
        assertThat(b.count()).as("auto-synced").isEqualTo(a.count());
    }

    @Test
    @Order(5)
    void aWipedNodeGetsANewIdentityAndResyncsEverything() {
        b.syncWith(a);
        String oldNode = b.bean(NodeIdentity.class).nodeId();
        b.close();
        FileSystemUtils.deleteRecursively(dir.resolve("b").toFile());
        b = startB();
        assertThat(b.bean(NodeIdentity.class).nodeId()).isNotEqualTo(oldNode);
        assertThat(b.count()).isZero();
        b.ingest(TestNode.randomRecords(random, 20, 2));
        b.syncWith(a);
        assertThat(b.keys()).isEqualTo(a.keys());
        assertThat(b.digest()).isEqualTo(a.digest());
    }

    @Test
    @Order(6)
    void aGapTheVectorsMissedIsFoundByTheDigestAndRepaired() {
        b.syncWith(a);
        // records lost behind the vector's back (what a cut sync with keys under two origins could leave)
        int lost = b.jdbc().sql("delete from records where id in (select id from records order by id"
                + " fetch first 25 rows only)").update();
        assertThat(lost).isEqualTo(25);
        SyncService.SyncResult repaired = b.syncWith(a);
        assertThat(repaired.newRecords()).isEqualTo(25);
        assertThat(b.digest()).isEqualTo(a.digest());
    }

    @Test
    @Order(7)
    void retentionPrunedRecordsDoNotComeBack() {
        TestNode c = TestNode.start("c", dir.resolve("c"), "galileo.sync.retention-max-per-imei=100");
        try {
            c.syncWith(a);
            assertThat(c.count()).isEqualTo(a.count());
            int pruned = c.bean(Retention.class).prune();
            assertThat(pruned).isPositive();
            Map<String, Digest.Entry> kept = c.digest();
            kept.values().forEach(entry -> assertThat(entry.count()).isLessThanOrEqualTo(100));
            c.syncWith(a);
            c.syncWith(b);
            assertThat(c.digest()).as("nothing pruned came back by delta").isEqualTo(kept);
            // even a full re-send (an import of the whole export) cannot bring them back
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            a.bean(ExportFiles.class).write(file);
            ExportFile export = PeerWire.JSON.readValue(file.toByteArray(), ExportFile.class);
            c.bean(RecordMerge.class).mergeWire(export.records(), export.vector());
            assertThat(c.digest()).as("nothing pruned came back by import").isEqualTo(kept);
        } finally {
            c.close();
        }
    }

    private static long autoSyncs(TestNode node) {
        return node.jdbc().sql("select count(*) from sync_log where trigger_kind = 'auto' and outcome = 'success'")
                .query(Long.class).single();
    }

    private HttpResponse<String> connect(TestNode node, String peerUrl) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/peer/connect"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"peerUrl\": \"" + peerUrl + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Forwards peer requests to {@code target}; after {@code allowed} delta exports it answers 503 (a cut). */
    private static HttpServer cuttingProxy(String target, AtomicInteger exports, int allowed) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (path.equals("/peer/export") && exports.incrementAndGet() > allowed) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (name.toLowerCase().startsWith("x-galileo") || name.equalsIgnoreCase("accept-encoding")
                        || name.equalsIgnoreCase("content-encoding") || name.equalsIgnoreCase("content-type")) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            try {
                HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().map().forEach((name, values) -> {
                    if (name.toLowerCase().startsWith("x-galileo") || name.equalsIgnoreCase("content-encoding")) {
                        values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                    }
                });
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private HttpResponse<String> send(TestNode node, String method, String path, byte[] body, String secret,
                                      Long timestamp) throws Exception {
        return http.send(request(node, method, path, body, secret, timestamp), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(TestNode node, String method, String path, byte[] body, String secret,
                                       Long timestamp) {
        return SignedClient.request(node.url(), method, path, body, secret, timestamp);
    }

    private static String[] headers(HttpRequest request) {
        return request.headers().map().entrySet().stream()
                .flatMap(e -> e.getValue().stream().flatMap(v -> java.util.stream.Stream.of(e.getKey(), v)))
                .toArray(String[]::new);
    }

    /** What a test reads of an export file. */
    record ExportFile(String format, Map<String, Long> vector, List<WireRecord> records) {
    }

    private static byte[] gzip(byte[] plain) throws Exception {
        return SignedClient.gzip(plain);
    }
}
