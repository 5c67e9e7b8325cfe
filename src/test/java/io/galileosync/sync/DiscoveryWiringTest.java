package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galileosync.store.NodeIdentity;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Discovery wired into the sync engine, with real nodes: two with the UDP beacon on loopback (no broadcast, no
 * mDNS: the traffic stays on 127.0.0.1) find each other; a known peer that comes back at a new address is
 * followed (and auto-synced there); the peer-address exchange lists a peer's peers; pairing with another
 * team's code; the signed check-peer; the auto-sync interval setting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscoveryWiringTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private int beaconA;
    private int beaconB;
    private TestNode a;
    private TestNode b;
    private TestNode c;

    @BeforeAll
    void start() throws IOException {
        beaconA = freeUdpPort();
        beaconB = freeUdpPort();
        a = TestNode.start("node-a", tmp.resolve("a"), beacon(beaconA, beaconB));
        b = startB();
        c = TestNode.start("node-c", tmp.resolve("c"));
    }

    private TestNode startB() {
        return TestNode.start("node-b", tmp.resolve("b"), beacon(beaconB, beaconA));
    }

    private static String[] beacon(int own, int other) {
        return new String[] {"galileo.discovery.enabled=true", "galileo.discovery.mdns=false",
                "galileo.discovery.broadcast=false", "galileo.discovery.beacon-port=" + own,
                "galileo.discovery.beacon-targets=127.0.0.1:" + other, "galileo.discovery.beacon-interval=500ms"};
    }

    @AfterAll
    void stop() {
        for (TestNode node : new TestNode[] {a, b, c}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    void theOtherNodeShowsUpInDiscovery() throws Exception {
        String bId = b.bean(NodeIdentity.class).nodeId();
        JsonNode entry = waitForDiscovered(a, bId, "beacon");
        assertThat(entry.path("name").asString()).isEqualTo("node-b");
        assertThat(entry.path("apiUrl").asString()).isEqualTo(b.url());
        assertThat(entry.path("known").asBoolean()).isFalse();
        // once synced, it is a known peer, reachable, seen on the LAN
        a.syncWith(b);
        JsonNode discovery = get(a, "/api/peer/discovery");
        assertThat(find(discovery.path("discovered"), bId).path("known").asBoolean()).isTrue();
        JsonNode known = discovery.path("known").get(0);
        assertThat(known.path("nodeId").asString()).isEqualTo(bId);
        assertThat(known.path("onLan").asBoolean()).isTrue();
        assertThat(known.path("reachable").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void peerAddressExchangeListsThePeersOfAPeer() throws Exception {
        a.syncWith(c); // A knows C
        b.syncWith(a); // B learns of A's peers
        String cId = c.bean(NodeIdentity.class).nodeId();
        JsonNode entry = find(get(b, "/api/peer/discovery").path("discovered"), cId);
        assertThat(entry.path("via").asString()).isEqualTo("peer");
        assertThat(entry.path("apiUrl").asString()).isEqualTo(c.url());
        assertThat(entry.path("name").asString()).isEqualTo("node-c");
        assertThat(entry.path("known").asBoolean()).isFalse();
        // shown, not added: no auto-sync with a peer nobody chose
        assertThat(b.bean(KnownPeers.class).list()).extracting(KnownPeers.Peer::url).doesNotContain(c.url());
        // and B itself is not told about as a peer of A
        assertThat(find(get(b, "/api/peer/discovery").path("discovered"), b.bean(NodeIdentity.class).nodeId()))
                .isNull();
    }

    @Test
    @Order(3)
    void aKnownPeerBackAtANewAddressIsFollowedAndAutoSynced() throws Exception {
        String bId = b.bean(NodeIdentity.class).nodeId();
        String oldUrl = b.url();
        b.close();
        b = null;
        Thread.sleep(2000); // forgotten by A's beacon table (3 intervals)
        b = startB(); // same node id and database, new HTTP port
        assertThat(b.url()).isNotEqualTo(oldUrl);
        b.ingest(TestNode.randomRecords(new Random(7), 25, 2));
        // A's scheduler runs hourly here: the move alone brings the next auto-sync round forward
        waitUntil(Duration.ofSeconds(20), () -> a.bean(KnownPeers.class).list().stream()
                .anyMatch(p -> bId.equals(p.nodeId()) && p.url().equals(b.url())));
        assertThat(a.bean(KnownPeers.class).list()).extracting(KnownPeers.Peer::url).doesNotContain(oldUrl);
        waitUntil(Duration.ofSeconds(20), () -> a.jdbc().sql("select count(*) from sync_log where peer_url = ?"
                + " and trigger_kind = 'auto' and outcome = 'success'").param(b.url()).query(Long.class).single() > 0);
        assertThat(a.keys()).containsAll(b.keys());
    }

    @Test
    @Order(4)
    void aNodeOfAnotherTeamIsRefusedUntilItJoinsByPairing() throws Exception {
        try (TestNode d = TestNode.start("node-d", tmp.resolve("d"), "galileo.sync.secret=")) {
            String dCode = get(d, "/api/peer/status").path("pairingCode").asString();
            assertThat(dCode).isNotBlank().isNotEqualTo(TestNode.SECRET);
            assertThatThrownBy(() -> d.syncWith(c)).isInstanceOf(PeerClient.PeerException.class)
                    .satisfies(e -> assertThat(((PeerClient.PeerException) e).status()).isEqualTo(401));
            JsonNode check = post(d, "/api/node/check-peer", Map.of("url", c.url()), 200);
            assertThat(check.path("reachable").asBoolean()).isTrue();
            assertThat(check.path("sameTeam").asBoolean(true)).isFalse();
            assertThat(check.path("message").asString()).contains("Different team secret");

            JsonNode paired = post(d, "/api/peer/pairing", Map.of("code", TestNode.SECRET, "peerUrl", c.url()), 200);
            assertThat(paired.path("pairingCode").asString()).isEqualTo(TestNode.SECRET);
            assertThat(get(d, "/api/peer/status").path("pairingCode").asString()).isEqualTo(TestNode.SECRET);
            assertThat(d.jdbc().sql("select setting_value from access_settings where setting_key = 'secret'")
                    .query(String.class).single()).isEqualTo(TestNode.SECRET);

            check = post(d, "/api/node/check-peer", Map.of("url", c.url()), 200);
            assertThat(check.path("sameTeam").asBoolean()).isTrue();
            assertThat(check.path("name").asString()).isEqualTo("node-c");
            assertThat(check.path("recordsWeLack").asLong()).isEqualTo(c.count());
            assertThat(d.syncWith(c).newRecords()).isEqualTo(c.count());
            assertThat(d.keys()).isEqualTo(c.keys());
            // nothing answers: unreachable, said so
            check = post(d, "/api/node/check-peer", Map.of("url", "127.0.0.1:1"), 200);
            assertThat(check.path("reachable").asBoolean()).isFalse();
            post(d, "/api/peer/pairing", Map.of("code", ""), 400);
        }
        // a configured secret wins
        JsonNode refused = post(c, "/api/peer/pairing", Map.of("code", "SOMEONE-ELSES-CODE"), 409);
        assertThat(refused.path("detail").asString()).contains("galileo.sync.secret");
        assertThat(get(c, "/api/peer/status").path("pairingCode").asString()).isEqualTo(TestNode.SECRET);
    }

    @Test
    @Order(5)
    void theAutoSyncIntervalIsValidatedStoredAndUsed() throws Exception {
        assertThat(get(c, "/api/peer/settings").path("autoSyncInterval").asString()).isEqualTo("PT1H");
        assertThat(put(c, Map.of("autoSyncInterval", "PT2M"), 200).path("autoSyncIntervalSeconds").asLong())
                .isEqualTo(120);
        assertThat(put(c, Map.of("autoSyncInterval", 30), 200).path("autoSyncInterval").asString()).isEqualTo("PT30S");
        assertThat(put(c, Map.of("autoSyncInterval", "45"), 200).path("autoSyncInterval").asString())
                .isEqualTo("PT45S");
        for (Object bad : List.of(5, "PT9S", "P2D", 86_401, "soon", -10)) {
            JsonNode problem = put(c, Map.of("autoSyncInterval", bad), 400);
            assertThat(problem.path("status").asInt()).isEqualTo(400);
        }
        put(c, Map.of(), 400);
        assertThat(c.bean(AutoSyncSettings.class).interval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(get(c, "/api/node/status").path("autoSyncIntervalSeconds").asLong()).isEqualTo(45);
        assertThat(c.jdbc().sql("select setting_value from sync_settings where setting_key = 'autoSyncInterval'")
                .query(String.class).single()).isEqualTo("PT45S");
    }

    // ---- helpers ----

    private JsonNode waitForDiscovered(TestNode node, String nodeId, String via) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            JsonNode entry = find(get(node, "/api/peer/discovery").path("discovered"), nodeId);
            if (entry != null && via.equals(entry.path("via").asString())) {
                return entry;
            }
            assertThat(System.currentTimeMillis()).as("peer %s discovered via %s", nodeId, via).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static JsonNode find(JsonNode list, String nodeId) {
        for (JsonNode entry : list) {
            if (nodeId.equals(entry.path("nodeId").asString())) {
                return entry;
            }
        }
        return null;
    }

    private static void waitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition within %s", timeout).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private JsonNode get(TestNode node, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(TestNode node, String path, Object body, int status) throws Exception {
        return send(node, "POST", path, body, status);
    }

    private JsonNode put(TestNode node, Object body, int status) throws Exception {
        return send(node, "PUT", "/api/peer/settings", body, status);
    }

    private JsonNode send(TestNode node, String method, String path, Object body, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.url() + path))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
