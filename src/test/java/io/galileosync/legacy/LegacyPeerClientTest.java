package io.galileosync.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.galileosync.sync.NodeApi;
import io.galileosync.sync.TestNode;
import io.galileosync.store.TrackRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An old phone during a migration: the original app's own peer client ({@code peerToPeerSync.js}, unmodified, run
 * under Node) syncs with a real node that has legacy push on, from its own {@code connectToPeer}; its page's
 * status check and cross-origin push get CORS answers for the configured origin only. Without legacy push
 * nothing of it is public.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyPeerClientTest {

    private static final Path NODE_JS = Path.of("/usr/bin/node");
    private static final String OLD_PAGE = "http://192.168.1.30:3001";
    private static final String IMEI = "861230043907626";

    @TempDir
    static Path tmp;

    private TestNode legacy;
    private TestNode plain;
    private Path client;
    private Path driver;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws IOException {
        if (!Files.isExecutable(NODE_JS)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("node is required on CI: apt-get install -y nodejs");
            }
            Assumptions.assumeTrue(false, "no /usr/bin/node: the original app's client cannot run");
        }
        client = tmp.resolve("peerToPeerSync.js");
        try (InputStream in = getClass().getResourceAsStream("/original-app/peer-client/peerToPeerSync.js")) {
            Files.write(client, in.readAllBytes());
        }
        // what the old app's Sync button does: connectToPeer(url, its records, its devices, its last IMEI)
        driver = tmp.resolve("old-phone.js");
        Files.writeString(driver, """
                const PeerToPeerSync = require(process.argv[2]);
                const data = JSON.parse(require('fs').readFileSync(process.argv[4], 'utf8'));
                const devices = new Map(Object.entries(data.devices || {}));
                const sync = new PeerToPeerSync('old-phone', 0);
                sync.connectToPeer(process.argv[3], data.records, devices, data.lastIMEI).then((r) => {
                  console.log('RESULT ' + JSON.stringify({ ok: true, answer: r, records: data.records,
                    devices: [...devices.keys()] }));
                }, (e) => {
                  console.log('RESULT ' + JSON.stringify({ ok: false, error: e.message }));
                });
                """);
        legacy = TestNode.start("new-gateway", tmp.resolve("legacy"), "galileo.sync.legacy-push-enabled=true",
                "galileo.sync.legacy-origins=" + OLD_PAGE, "galileo.api.loopback-trusted=false");
        plain = TestNode.start("plain", tmp.resolve("plain"), "galileo.api.loopback-trusted=false");
    }

    @AfterAll
    void stop() {
        for (TestNode node : new TestNode[] {legacy, plain}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    void theOldPhonesOwnClientSyncsWithANodeThatHasLegacyPushOn() throws Exception {
        // records of the new node's own, each received at its own time (the old app keys records by receive time)
        List<TrackRecord> ours = TestNode.randomRecords(new Random(8), 5, 2);
        for (TrackRecord record : ours) {
            legacy.ingest(List.of(record));
            Thread.sleep(3);
        }
        long before = count(legacy);
        JsonNode result = oldPhoneSyncsWith(legacy);
        assertThat(result.get("ok").asBoolean()).as("%s", result).isTrue();
        JsonNode answer = result.get("answer");
        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("syncResult").get("newRecords").asLong()).isEqualTo(3);
        assertThat(count(legacy)).isEqualTo(before + 3);
        // and the old phone merged what the node gave back: each of our records is in its data now (its own
        // merge keeps one record per receive time and IMEI, so its 4 of one packet are 2 there)
        List<String> theirs = new ArrayList<>();
        result.get("records").forEach(r -> theirs.add(r.get("imei").asString() + "@" + r.get("datetime").asString()
                + "+" + r.get("milliseconds").asLong()));
        for (TrackRecord record : ours) {
            Instant time = Instant.ofEpochMilli(record.timeMs());
            assertThat(theirs).contains(record.imei() + "@" + time.truncatedTo(ChronoUnit.SECONDS)
                    .toString().replace("Z", ".000Z") + "+" + time.toEpochMilli() % 1000);
        }
        assertThat(result.get("devices").toString()).contains(IMEI).contains(ours.get(0).imei());
        // its next status check shows the sync
        NodeApi.Answer status = NodeApi.get(legacy.url() + "/peer/status");
        assertThat(status.status()).isEqualTo(200);
        JsonNode shape = status.json();
        assertThat(shape.get("isServerMode").asBoolean()).isTrue();
        assertThat(shape.get("totalRecords").asLong()).isEqualTo(before + 3);
        assertThat(shape.get("lastSyncTime").isNull()).isFalse();
        assertThat(shape.get("deviceId").asString()).isNotBlank();
    }

    @Test
    @Order(2)
    void withoutLegacyPushTheOldClientIsRefusedAndNothingOfItIsPublic() throws Exception {
        long before = count(plain);
        JsonNode result = oldPhoneSyncsWith(plain);
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("error").asString()).startsWith("HTTP 401");
        assertThat(count(plain)).isEqualTo(before);
        assertThat(NodeApi.get(plain.url() + "/api/status").status()).isEqualTo(401);
        assertThat(preflight(plain, "/peer/sync", OLD_PAGE).headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    @Order(3)
    void theOldPagesStatusCheckAndCrossOriginPushAnswerTheConfiguredOriginOnly() throws Exception {
        // its status check, from its own origin, without any login
        NodeApi.Answer status = NodeApi.get(legacy.url() + "/api/status", "Origin", OLD_PAGE);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asString()).isEqualTo("running");
        assertThat(status.json().has("totalDevices")).isTrue();
        assertThat(status.json().get("memory").has("heapUsed")).isTrue();
        // its push from the browser: the preflight, then the POST
        HttpResponse<String> allowed = preflight(legacy, "/peer/sync", OLD_PAGE);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(OLD_PAGE);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("content-type");
        byte[] export;
        try (InputStream in = getClass().getResourceAsStream("/original-app/peer-export-example.json")) {
            export = in.readAllBytes();
        }
        HttpResponse<String> push = http.send(HttpRequest.newBuilder(URI.create(legacy.url() + "/peer/sync"))
                .header("Origin", OLD_PAGE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(export)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(push.statusCode()).as(push.body()).isEqualTo(200);
        assertThat(push.headers().firstValue("Access-Control-Allow-Origin")).hasValue(OLD_PAGE);
        // another site's page gets nothing
        HttpResponse<String> other = preflight(legacy, "/peer/sync", "http://evil.example");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // and no other path is opened to the old page
        assertThat(preflight(legacy, "/api/node/status", OLD_PAGE).headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(NodeApi.get(legacy.url() + "/api/node/status").status()).isEqualTo(401);
        assertThat(NodeApi.get(legacy.url() + "/peer/export").status()).as("the rest of /peer stays signed")
                .isEqualTo(401);
    }

    /** Runs the old app's client under Node against {@code node}; answers what it reported. */
    private JsonNode oldPhoneSyncsWith(TestNode node) throws Exception {
        Path data = tmp.resolve("old-phone-" + System.nanoTime() + ".json");
        try (InputStream in = getClass().getResourceAsStream("/original-app/peer-export-example.json")) {
            Files.write(data, in.readAllBytes());
        }
        Process process = new ProcessBuilder(NODE_JS.toString(), driver.toString(), client.toString(), node.url(),
                data.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> results = new ArrayList<>();
        output.lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> results.add(l.substring(7)));
        assertThat(results).as(output).hasSize(1);
        return NodeApi.parse(results.get(0));
    }

    private HttpResponse<String> preflight(TestNode node, String path, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.url() + path))
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(TestNode node) {
        return node.jdbc().sql("select count(*) from records").query(Long.class).single();
    }
}
