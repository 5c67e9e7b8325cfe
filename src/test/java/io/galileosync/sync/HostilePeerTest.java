package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that is not what it claims, against a real node over real HTTP: a server without the team secret
 * that answers like a node (a record received "in the year 2255", a peer list), one that replays a real
 * node's signed answer, and one whose answer inflates to gigabytes. None is believed, nothing of theirs is
 * merged, nothing of ours is sent to them, and memory stays bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePeerTest {

    @TempDir
    static Path dir;

    private TestNode a;
    private TestNode b;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        a = TestNode.start("a", dir.resolve("a"));
        b = TestNode.start("b", dir.resolve("b"));
        a.ingest(TestNode.randomRecords(new Random(3), 50, 2));
    }

    @AfterAll
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void aServerWithoutTheSecretIsNotBelievedAndGetsNothingOfOurs() throws Exception {
        AtomicInteger pushes = new AtomicInteger();
        String liar = UUID.randomUUID().toString();
        WireRecord future = new WireRecord(WireRecord.Track.of(TestNode.randomRecords(new Random(4), 1, 1).get(0)),
                liar, 1, 9_000_000_000_000_000L);
        HttpServer impostor = server(exchange -> {
            String path = exchange.getRequestURI().getPath();
            Object answer = switch (path) {
                case "/peer/status" -> new PeerWire.PeerStatus(liar, "impostor", "e", Map.of(liar, 1L),
                        List.of(new PeerWire.PeerRef("http://10.66.66.66:3001", UUID.randomUUID().toString(), "x", 1L)));
                case "/peer/export" -> new PeerWire.Batch(liar, "e", List.of(future), Map.of(liar, 1L), false);
                case "/peer/import" -> {
                    pushes.incrementAndGet();
                    yield new MergeResult(1, 0, 0, 0, 0);
                }
                default -> new PeerWire.DigestAnswer(liar, 0, Map.of());
            };
            return PeerWire.JSON.writeValueAsBytes(answer);
        });
        try {
            String url = "http://127.0.0.1:" + impostor.getAddress().getPort();
            long before = a.count();

            String check = post(a, "/api/node/check-peer", "{\"url\":\"" + url + "\"}");
            assertThat(check).contains("\"sameTeam\":false").contains("Different team secret");

            assertThatThrownBy(() -> a.bean(SyncService.class).sync(url, "test"))
                    .isInstanceOf(PeerClient.PeerException.class).hasMessageContaining("without this team's signature");
            assertThat(a.count()).as("nothing merged").isEqualTo(before);
            assertThat(pushes.get()).as("nothing of ours pushed").isZero();
            assertThat(get(a, "/api/peer/discovery")).as("its peer list is not taken").doesNotContain("10.66.66.66");
        } finally {
            impostor.stop(0);
        }
    }

    @Test
    void aReplayedSignedAnswerOfARealNodeIsRefused() throws Exception {
        AtomicReference<Recorded> first = new AtomicReference<>();
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        HttpServer replayer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        replayer.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.merge(path, 1, Integer::sum);
            Recorded recorded = first.get();
            if (recorded == null) { // the first status: forwarded to the real node and kept
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(b.url() + exchange.getRequestURI()));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (name.toLowerCase().startsWith("x-galileo")) {
                        values.forEach(v -> forward.header(name, v));
                    }
                });
                try {
                    HttpResponse<byte[]> real = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                    recorded = new Recorded(real.statusCode(), real.body(),
                            real.headers().firstValue(PeerSignature.ANSWER).orElse(""));
                    first.set(recorded);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            exchange.getResponseHeaders().add(PeerSignature.ANSWER, recorded.signature());
            exchange.sendResponseHeaders(recorded.status(), recorded.body().length);
            exchange.getResponseBody().write(recorded.body());
            exchange.close();
        });
        replayer.start();
        try {
            String url = "http://127.0.0.1:" + replayer.getAddress().getPort();
            String firstCheck = post(a, "/api/node/check-peer", "{\"url\":\"" + url + "\"}");
            assertThat(firstCheck).as("passed through once: genuine").contains("\"sameTeam\":true");
            String replayed = post(a, "/api/node/check-peer", "{\"url\":\"" + url + "\"}");
            assertThat(replayed).as("the same signed answer again").contains("\"sameTeam\":false");
        } finally {
            replayer.stop(0);
        }
    }

    @Test
    void anAnswerThatInflatesToGigabytesIsCutOffWithoutTheMemory() throws Exception {
        byte[] bomb = gzipOfZeros(1L << 31); // 2 GiB of zeros, about 2 MB compressed
        HttpServer bomber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bomber.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, bomb.length);
            exchange.getResponseBody().write(bomb);
            exchange.close();
        });
        bomber.start();
        try {
            String url = "http://127.0.0.1:" + bomber.getAddress().getPort();
            long heapBefore = usedHeap();
            Thread[] callers = new Thread[3];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < callers.length; i++) {
                callers[i] = new Thread(() -> {
                    try {
                        a.bean(SyncService.class).sync(url, "test");
                    } catch (PeerClient.PeerException expected) {
                        failure.compareAndSet(null, expected);
                    }
                });
                callers[i].start();
            }
            for (Thread caller : callers) {
                caller.join(120_000);
            }
            assertThat(failure.get()).hasMessageContaining("oversized");
            assertThat(usedHeap() - heapBefore).as("three answers at once, each cut at the limit")
                    .isLessThan(512L << 20);
        } finally {
            bomber.stop(0);
        }
    }

    private record Recorded(int status, byte[] body, String signature) {
    }

    @FunctionalInterface
    private interface Answering {
        byte[] answer(HttpExchange exchange) throws IOException;
    }

    /** A JSON server speaking the peer protocol's shapes, with no secret to sign them. */
    private static HttpServer server(Answering answering) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = answering.answer(exchange);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static byte[] gzipOfZeros(long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            for (long written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return out.toByteArray();
    }

    private static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private String post(TestNode node, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String get(TestNode node, String path) throws Exception {
        return new String(http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
    }
}
