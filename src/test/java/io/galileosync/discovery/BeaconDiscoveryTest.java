package io.galileosync.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.galileosync.GalileoSyncApplication;
import io.galileosync.store.NodeIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two real nodes (two Spring applications with their own database, HTTP port and beacon port) in one JVM find
 * each other with the UDP beacon, over loopback targets (mDNS off), and reach each other's API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BeaconDiscoveryTest {

    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;
    private int beaconPortA;
    private int beaconPortB;

    @BeforeAll
    void startTwoNodes() throws IOException {
        beaconPortA = freeUdpPort();
        beaconPortB = freeUdpPort();
        // node a also beacons to itself: it must hear and ignore its own beacon
        a = node("a", beaconPortA, "127.0.0.1:" + beaconPortB + ",127.0.0.1:" + beaconPortA);
        b = node("b", beaconPortB, "127.0.0.1:" + beaconPortA);
    }

    @AfterAll
    void stopNodes() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static final String TEAM_SECRET = "beacon-test-team";

    private static ConfigurableApplicationContext node(String name, int beaconPort, String targets)
            throws IOException {
        Path dir = Files.createTempDirectory("galileo-discovery-" + name);
        // command-line arguments, not builder .properties(): those are defaults, below application.properties
        return new SpringApplicationBuilder(GalileoSyncApplication.class).run(
                "--server.port=0",
                "--galileo.ingest.port=0",
                "--galileo.data-dir=" + dir,
                "--galileo.discovery.enabled=true",
                "--galileo.node.name=" + name,
                // beacons are signed with the team secret: nodes of one team (another secret: not listed)
                "--galileo.sync.secret=" + TEAM_SECRET,
                "--spring.jmx.enabled=false",
                "--galileo.discovery.mdns=false",
                "--galileo.discovery.broadcast=false", // keep test traffic on loopback
                "--galileo.discovery.beacon-port=" + beaconPort,
                "--galileo.discovery.beacon-targets=" + targets,
                "--galileo.discovery.beacon-interval=500ms");
    }

    @Test
    void eachNodeFindsTheOtherByBeaconAndReachesItsApi() throws Exception {
        assertFinds(a, b);
        assertFinds(b, a);
    }

    private void assertFinds(ConfigurableApplicationContext finder, ConfigurableApplicationContext found)
            throws Exception {
        String foundId = found.getBean(NodeIdentity.class).nodeId();
        int foundHttpPort = ((WebServerApplicationContext) found).getWebServer().getPort();
        DiscoveredPeers peers = finder.getBean(DiscoveredPeers.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(peers.current())
                .anySatisfy(peer -> assertThat(peer.nodeId()).isEqualTo(foundId)));
        DiscoveredPeer peer = peers.current().stream().filter(p -> p.nodeId().equals(foundId)).findFirst()
                .orElseThrow();
        assertThat(peer.via()).isEqualTo(DiscoveredPeer.BEACON);
        assertThat(peer.name()).isEqualTo(found.getBean(NodeIdentity.class).name());
        assertThat(URI.create(peer.apiUrl()).getPort()).isEqualTo(foundHttpPort);
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(peer.apiUrl() + "/actuator/health")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(finder.getBean(MeterRegistry.class).get("galileo.discovery.peers").gauge().value())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void ownBeaconIsIgnored() {
        String ownId = a.getBean(NodeIdentity.class).nodeId();
        DiscoveryMetrics metrics = a.getBean(DiscoveryMetrics.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.beaconsOwn() > 0);
        assertThat(a.getBean(DiscoveredPeers.class).current()).noneMatch(peer -> peer.nodeId().equals(ownId));
        assertThat(metrics.beaconsSent()).isPositive();
    }

    @Test
    void malformedAndOversizeDatagramsAreCountedAndDroppedAndTheListenerKeepsWorking() throws Exception {
        DiscoveryMetrics metrics = b.getBean(DiscoveryMetrics.class);
        MeterRegistry registry = b.getBean(MeterRegistry.class);
        DiscoveredPeers peers = b.getBean(DiscoveredPeers.class);
        double oversizeBefore = rejected(registry, "oversize");
        double malformedBefore = rejected(registry, "malformed");

        send(beaconPortB, "x".repeat(2000));
        send(beaconPortB, "{\"v\":1,\"nodeId\":\"n\",\"httpPort\":80,\"name\":\"" + "y".repeat(1100) + "\"}");
        send(beaconPortB, "not json at all");
        send(beaconPortB, "{\"v\":1}");
        send(beaconPortB, "{\"v\":1,\"nodeId\":\"x\",\"httpPort\":\"many\"}");
        send(beaconPortB, "{\"v\":1,\"nodeId\":\"x\",\"httpPort\":99999}");
        send(beaconPortB, "{\"v\":1,\"nodeId\":\"x\",\"httpPort\":80,\"api\":\"file:///etc/passwd\"}");
        send(beaconPortB, "[1,2,3]");
        send(beaconPortB, "");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(rejected(registry, "oversize") - oversizeBefore).isEqualTo(2);
            assertThat(rejected(registry, "malformed") - malformedBefore).isEqualTo(7);
        });
        assertThat(metrics.beaconsRejected()).isGreaterThanOrEqualTo(9);

        // still listening: a valid beacon from a new node is taken, the listener hears of it, and it expires
        List<DiscoveredPeer> heard = new CopyOnWriteArrayList<>();
        Consumer<DiscoveredPeer> listener = heard::add;
        peers.addListener(listener);
        try {
            // signed with the team secret (an unsigned or wrongly signed beacon is dropped)
            send(beaconPortB, new String(Beacon.of("fake-node", "fake", "http://10.9.9.9:1234", 1234, "t",
                    TEAM_SECRET.getBytes(StandardCharsets.UTF_8)).encode(), StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(heard)
                    .anySatisfy(peer -> {
                        assertThat(peer.nodeId()).isEqualTo("fake-node");
                        assertThat(peer.name()).isEqualTo("fake");
                        // not the announced address: the one the datagram came from, with the announced port
                        assertThat(peer.apiUrl()).isEqualTo("http://127.0.0.1:1234");
                    }));
            assertThat(peers.current()).anyMatch(peer -> peer.nodeId().equals("fake-node"));
            // not heard again: forgotten after 3 intervals (1.5 s), while node a (still beaconing) stays
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(peers.current())
                    .noneMatch(peer -> peer.nodeId().equals("fake-node")));
            assertThat(peers.current())
                    .anyMatch(peer -> peer.nodeId().equals(a.getBean(NodeIdentity.class).nodeId()));
        } finally {
            peers.removeListener(listener);
        }
    }

    private static double rejected(MeterRegistry registry, String reason) {
        return registry.get("galileo.discovery.beacons.rejected").tag("reason", reason).counter().count();
    }

    private static void send(int port, String payload) throws IOException {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
