package io.galileosync.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.galileosync.store.NodeIdentity;
import io.galileosync.sync.TestNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mDNS announcements are unsigned: anyone on the LAN can announce a known peer's node id at an address of its
 * own. The node follows a known peer to a new address only once that address proves the team secret.
 */
class ImpostorAnnouncementTest {

    @TempDir
    Path dir;

    @Test
    void aKnownPeerAnnouncedAtAnImpostorsAddressIsNotFollowedButARealMoveIs() throws Exception {
        try (TestNode a = TestNode.start("a", dir.resolve("a"));
             TestNode b = TestNode.start("b", dir.resolve("b"))) {
            b.ingest(TestNode.randomRecords(new Random(5), 10, 1));
            a.syncWith(b);
            String bId = b.bean(NodeIdentity.class).nodeId();
            AtomicInteger asked = new AtomicInteger();
            HttpServer impostor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            impostor.createContext("/", exchange -> {
                asked.incrementAndGet();
                byte[] body = ("{\"nodeId\":\"" + bId + "\",\"name\":\"b\",\"epoch\":\"e\",\"vector\":{}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            impostor.start();
            try {
                String fake = "http://127.0.0.1:" + impostor.getAddress().getPort();
                DiscoveredPeers discovered = a.bean(DiscoveredPeers.class);
                for (int i = 0; i < 20; i++) { // an announcement flood costs one probe
                    discovered.seen(bId, "b", fake, DiscoveredPeer.MDNS);
                }
                waitUntil(Duration.ofSeconds(15), () -> asked.get() > 0);
                Thread.sleep(1000);
                assertThat(asked.get()).as("one probe for a flood of announcements").isEqualTo(1);
                assertThat(knownUrls(a)).containsExactly(b.url());

                String moved = b.url().replace("127.0.0.1", "localhost");
                discovered.seen(bId, "b", moved, DiscoveredPeer.BEACON);
                waitUntil(Duration.ofSeconds(15), () -> knownUrls(a).equals(List.of(moved)));
            } finally {
                impostor.stop(0);
            }
        }
    }

    private static List<String> knownUrls(TestNode node) {
        return node.jdbc().sql("select url from known_peers").query(String.class).list();
    }

    private static void waitUntil(Duration limit, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit);
            }
            Thread.sleep(100);
        }
    }
}
