package io.galileosync.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveredPeersTest {

    private final MutableClock clock = new MutableClock();

    private DiscoveredPeers peers(int maxPeers) {
        return new DiscoveredPeers(new DiscoveryProperties(true, true, null, true, false, 3002, Duration.ofSeconds(10),
                List.of(), maxPeers), clock);
    }

    @Test
    void boundedLeastRecentlyHeardDroppedFirst() {
        DiscoveredPeers peers = peers(3);
        peers.seen("n1", "one", "http://10.0.0.1:1", DiscoveredPeer.BEACON);
        peers.seen("n2", "two", "http://10.0.0.2:1", DiscoveredPeer.BEACON);
        peers.seen("n3", "three", "http://10.0.0.3:1", DiscoveredPeer.BEACON);
        peers.seen("n1", "one", "http://10.0.0.1:1", DiscoveredPeer.BEACON); // n1 heard again: n2 is now eldest
        peers.seen("n4", "four", "http://10.0.0.4:1", DiscoveredPeer.BEACON);
        assertThat(peers.current()).extracting(DiscoveredPeer::nodeId).containsExactlyInAnyOrder("n1", "n3", "n4");
    }

    @Test
    void beaconPeersExpireAfterThreeIntervalsMdnsPeersWhenGone() {
        DiscoveredPeers peers = peers(10);
        peers.seen("b", "b", "http://10.0.0.1:1", DiscoveredPeer.BEACON);
        peers.seen("m", "m", "http://10.0.0.2:1", DiscoveredPeer.MDNS);
        clock.advance(Duration.ofSeconds(29));
        assertThat(peers.current()).extracting(DiscoveredPeer::nodeId).containsExactly("b", "m");
        clock.advance(Duration.ofSeconds(2));
        assertThat(peers.current()).extracting(DiscoveredPeer::nodeId).containsExactly("m");
        peers.gone("m", DiscoveredPeer.MDNS);
        assertThat(peers.current()).isEmpty();
    }

    @Test
    void listenersHearNewAndChangedPeersOnlyAndOnePeerIsListedOnce() {
        DiscoveredPeers peers = peers(10);
        List<DiscoveredPeer> heard = new ArrayList<>();
        peers.addListener(heard::add);
        peers.addListener(peer -> {
            throw new IllegalStateException("a failing listener does not stop the others");
        });
        peers.seen("n", "n", "http://10.0.0.1:1", DiscoveredPeer.BEACON);
        clock.advance(Duration.ofSeconds(1));
        peers.seen("n", "n", "http://10.0.0.1:1", DiscoveredPeer.BEACON);
        peers.seen("n", "n", "http://10.0.0.9:1", DiscoveredPeer.BEACON);
        clock.advance(Duration.ofSeconds(1));
        peers.seen("n", "n", "http://10.0.0.9:1", DiscoveredPeer.MDNS);
        assertThat(heard).extracting(DiscoveredPeer::apiUrl, DiscoveredPeer::via).containsExactly(
                org.assertj.core.groups.Tuple.tuple("http://10.0.0.1:1", "beacon"),
                org.assertj.core.groups.Tuple.tuple("http://10.0.0.9:1", "beacon"),
                org.assertj.core.groups.Tuple.tuple("http://10.0.0.9:1", "mdns"));
        assertThat(peers.current()).singleElement().satisfies(peer -> assertThat(peer.via()).isEqualTo("mdns"));
    }

    @Test
    void beaconSignatureBindsTheFieldsToTheSecret() {
        byte[] secret = "team-secret".getBytes(StandardCharsets.UTF_8);
        Beacon signed = Beacon.of("node", "name", "http://10.0.0.1:3001", 3001, "1.0", secret);
        byte[] wire = signed.encode();
        Beacon decoded = Beacon.decode(wire, wire.length);
        assertThat(decoded.verify(secret)).isTrue();
        assertThat(decoded.verify("other".getBytes(StandardCharsets.UTF_8))).isFalse();
        Beacon tampered = new Beacon(1, "node", "name", "http://10.6.6.6:3001", 3001, "1.0", decoded.sig());
        assertThat(tampered.verify(secret)).isFalse();
        Beacon unsigned = Beacon.of("node", "name", "http://10.0.0.1:3001", 3001, "1.0", null);
        assertThat(unsigned.verify(secret)).isFalse();
        assertThat(unsigned.verify(null)).isTrue();
    }

    @Test
    void beaconTargetsParse() {
        assertThat(BeaconDiscovery.parseTargets(List.of("127.0.0.1:3004", " 10.1.255.255 ", ""), 3002))
                .extracting(a -> a.getHostString() + ":" + a.getPort())
                .containsExactly("127.0.0.1:3004", "10.1.255.255:3002");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
