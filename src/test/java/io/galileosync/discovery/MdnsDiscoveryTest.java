package io.galileosync.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two JmDNS announcers in one JVM find each other. Needs working IP multicast (with loopback of our own
 * packets) on a local interface: when a plain multicast probe or JmDNS itself cannot work on this machine, the
 * test is skipped with the reason; when multicast works, discovery must work.
 */
class MdnsDiscoveryTest {

    @Test
    void twoAnnouncersFindEachOther() throws Exception {
        // loopback only: test traffic must not leave this machine (CI enables multicast on lo first)
        InetAddress address = InetAddress.getLoopbackAddress();
        String probe = multicastProbe(address);
        assumeTrue(probe == null, () -> "mDNS cannot work on this machine: " + probe);

        DiscoveryProperties properties = new DiscoveryProperties(true, true, null, false, false, 0, Duration.ofSeconds(10),
                List.of(), 16);
        DiscoveredPeers peersA = new DiscoveredPeers(properties, java.time.Clock.systemUTC());
        DiscoveredPeers peersB = new DiscoveredPeers(properties, java.time.Clock.systemUTC());
        String idA = "test-a-" + UUID.randomUUID();
        String idB = "test-b-" + UUID.randomUUID();
        MdnsDiscovery a = new MdnsDiscovery(idA, peersA);
        MdnsDiscovery b = new MdnsDiscovery(idB, peersB);
        try {
            try {
                a.start(address, "galileo-test-a");
                b.start(address, "galileo-test-b");
            } catch (IOException e) {
                assumeTrue(false, "JmDNS cannot start on " + address + ": " + e);
            }
            String host = address.getHostAddress();
            a.announce("a " + idA.substring(0, 15), 41001, idA, "a", "http://" + host + ":41001", "test");
            b.announce("b " + idB.substring(0, 15), 41002, idB, "b", "http://" + host + ":41002", "test");

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                // only our own announcers count: another node on this machine may announce too
                assertThat(peersA.current()).filteredOn(peer -> peer.nodeId().equals(idB)).singleElement()
                        .satisfies(peer -> {
                            assertThat(peer.name()).isEqualTo("b");
                            assertThat(peer.via()).isEqualTo(DiscoveredPeer.MDNS);
                            assertThat(peer.apiUrl()).isEqualTo("http://" + host + ":41002");
                        });
                assertThat(peersB.current()).filteredOn(peer -> peer.nodeId().equals(idA)).singleElement()
                        .satisfies(peer -> assertThat(peer.apiUrl()).isEqualTo("http://" + host + ":41001"));
            });

            // (a goodbye is noticed only at JmDNS's next 10 s record reaper run: not checked here, to keep the suite short)
        } finally {
            // closing JmDNS waits for its goodbyes: close both at once, and don't hold the suite for it
            Thread closeA = new Thread(() -> closeQuietly(a));
            Thread closeB = new Thread(() -> closeQuietly(b));
            closeA.setDaemon(true);
            closeB.setDaemon(true);
            closeA.start();
            closeB.start();
            closeA.join(2000);
            closeB.join(2000);
        }
    }

    /** Null when a multicast datagram sent on {@code address}'s interface comes back to us, else why not. */
    private static String multicastProbe(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return "no IPv4 address";
        }
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(address);
            if (nif == null || !nif.supportsMulticast()) {
                return "interface of " + address + " does not support multicast";
            }
            InetAddress group = InetAddress.getByName("224.0.0.251");
            try (MulticastSocket socket = new MulticastSocket(0)) {
                socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                socket.joinGroup(new InetSocketAddress(group, 0), nif);
                socket.setSoTimeout(2000);
                byte[] payload = ("galileo-probe-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(payload, payload.length, group, socket.getLocalPort()));
                byte[] buffer = new byte[256];
                while (true) {
                    DatagramPacket received = new DatagramPacket(buffer, buffer.length);
                    socket.receive(received);
                    if (new String(buffer, 0, received.getLength(), StandardCharsets.UTF_8)
                            .equals(new String(payload, StandardCharsets.UTF_8))) {
                        return null;
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return "multicast sent on " + address + " is not looped back within 2 s";
        } catch (IOException | RuntimeException e) {
            return "multicast on " + address + " fails: " + e;
        }
    }

    private static void closeQuietly(MdnsDiscovery mdns) {
        try {
            mdns.close();
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }
}
