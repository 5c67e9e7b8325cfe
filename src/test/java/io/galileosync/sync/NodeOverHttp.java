package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running node as its API shows it, from this device (loopback needs no login): its status and vector, every
 * record it holds with its origin (the export), syncs it starts, and its digest (asked as a team member).
 */
public final class NodeOverHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    public NodeOverHttp(int port) {
        this.port = port;
    }

    /** The address peers reach it at. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code GET /api/peer/status}. */
    public JsonNode status() throws IOException, InterruptedException {
        return JSON.readTree(ok(HTTP.send(request("/api/peer/status").build(), HttpResponse.BodyHandlers.ofString())));
    }

    public String nodeId() throws IOException, InterruptedException {
        return status().get("nodeId").asString();
    }

    /** Every record it holds and its vector ({@code GET /api/peer/export}, streamed from its database). */
    public Export export() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HTTP.send(request("/api/peer/export").timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode file;
        try (InputStream body = new GZIPInputStream(response.body())) {
            file = JSON.readTree(body);
        }
        Map<String, Long> vector = new TreeMap<>();
        file.get("vector").properties().forEach(entry -> vector.put(entry.getKey(), entry.getValue().asLong()));
        List<Held> records = new ArrayList<>();
        for (JsonNode r : file.get("records")) {
            JsonNode track = r.get("record");
            records.add(new Held(track.get("imei").asString() + "/" + track.get("timeMs").asLong() + "/"
                    + track.get("recordNumber").asInt(), r.get("originNode").asString(), r.get("originSeq").asLong()));
        }
        return new Export(file.get("nodeId").asString(), vector, records);
    }

    /** Starts a sync with the peer at {@code peerUrl} ({@code POST /api/peer/connect}): pull, then push. */
    public CompletableFuture<HttpResponse<String>> connect(String peerUrl) {
        return HTTP.sendAsync(request("/api/peer/connect").timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + peerUrl + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A sync that must succeed: its result ({@code newRecords}, {@code sentRecords}, ...). */
    public JsonNode sync(String peerUrl) throws IOException, InterruptedException {
        return JSON.readTree(ok(connect(peerUrl).join())).get("syncResult");
    }

    /** Per IMEI, the count and hash sum of its records ({@code GET /peer/digest}, signed as a team member). */
    public JsonNode digest() throws IOException {
        SignedClient.Answer answer = SignedClient.send(SignedClient.request(url(), "GET", "/peer/digest", new byte[0],
                TestNode.SECRET, null));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return JSON.readTree(answer.text()).get("digest");
    }

    /** {@code POST} with no body; the answer's JSON. */
    public JsonNode post(String path) throws IOException, InterruptedException {
        return JSON.readTree(ok(HTTP.send(request(path).timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
    }

    private static String ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(200);
        return response.body();
    }

    /** A held record: its key (as the API shows it) and origin. */
    public record Held(String key, String origin, long seq) {
    }

    /** What a node holds. */
    public record Export(String nodeId, Map<String, Long> vector, List<Held> records) {

        public Set<String> keys() {
            Set<String> keys = new TreeSet<>();
            records.forEach(r -> keys.add(r.key()));
            return keys;
        }

        /** Each key's origin. */
        public Map<String, Held> byKey() {
            Map<String, Held> byKey = new HashMap<>();
            records.forEach(r -> byKey.put(r.key(), r));
            return byKey;
        }

        /** Problems, none when sound: a key held twice, an origin number held twice, a vector claiming what is missing. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            Map<String, Set<Long>> seqs = new HashMap<>();
            for (Held r : records) {
                if (!keys.add(r.key())) {
                    problems.add("key " + r.key() + " held twice");
                }
                if (!seqs.computeIfAbsent(r.origin(), o -> new HashSet<>()).add(r.seq())) {
                    problems.add("origin " + r.origin() + " number " + r.seq() + " held twice");
                }
            }
            // every record of each origin up to the vector is held (no retention, no conflicts in these tests)
            vector.forEach((origin, upTo) -> {
                Set<Long> held = seqs.getOrDefault(origin, Set.of());
                long missing = 0;
                for (long seq = 1; seq <= upTo; seq++) {
                    if (!held.contains(seq)) {
                        missing++;
                    }
                }
                if (missing > 0) {
                    problems.add("vector says " + origin + " up to " + upTo + " is held, but " + missing
                            + " of those numbers are not");
                }
            });
            return problems;
        }
    }
}
