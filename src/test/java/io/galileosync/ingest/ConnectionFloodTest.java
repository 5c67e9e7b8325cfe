package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.web.GalileoTestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Connection exhaustion on a real node (issue 8, item 6): an attacker's raw sockets, idle or sending a forged
 * head packet, from one or many client addresses, must not lock a real tracker out. Client addresses come from
 * the loopback range (127.0.0.2, 127.0.0.10, ...), which Linux routes locally without any setup, so the server
 * sees distinct source addresses as it would on a LAN.
 */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "galileo.ingest.max-connections=1000", "galileo.ingest.max-connections-per-address=100",
        "galileo.ingest.reserved-connections=100", "galileo.ingest.handshake-timeout=3s"})
class ConnectionFloodTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @Autowired
    IngestServer server;

    @Autowired
    IngestMetrics metrics;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void noConnectionsLeft() throws InterruptedException {
        awaitConnections(0, Duration.ofSeconds(15));
    }

    @Test
    void aThousandIdleSocketsFromOneAddressDoNotLockATrackerOut() throws Exception {
        try (IdleSockets attacker = flood("127.0.0.2", 1000)) {
            int held = attacker.stillOpen();
            long ackMs = trackerAck("356000000010001");
            figure("1,000 idle sockets from one address", held, ackMs);
            assertPrompt(ackMs);
            assertThat(held).as("attacker sockets held").isLessThanOrEqualTo(100);
            long closedMs = awaitAllClosed(attacker, Duration.ofSeconds(15));
            System.out.printf("FIGURE connection-flood | idle sockets all closed %d ms later%n", closedMs);
            assertThat(counter("galileo.ingest.closed", "reason", "unproven")).isPositive();
        }
    }

    /** A tracker behind the attacker's own address (one NAT for both) gets in as well. */
    @Test
    void aTrackerOnTheAttackersOwnAddressGetsIn() throws Exception {
        try (IdleSockets attacker = flood("127.0.0.1", 1000)) {
            int held = attacker.stillOpen();
            long ackMs = trackerAck("356000000010002");
            figure("1,000 idle sockets from the tracker's own address", held, ackMs);
            assertPrompt(ackMs);
            assertThat(held).isLessThanOrEqualTo(100);
        }
    }

    /**
     * Unproven connections from many addresses fill everything but the reserve; trackers that proved
     * themselves before stay connected, and a new one gets in.
     */
    @Test
    void unprovenConnectionsFromManyAddressesLeaveTheReserveToTrackers() throws Exception {
        List<TrackerClient> proven = new ArrayList<>();
        List<IdleSockets> attackers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                TrackerClient tracker = new TrackerClient(server.port());
                proven.add(tracker);
                byte[] head = TestPackets.head("35600000002000" + i);
                assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            }
            for (int a = 0; a < 12; a++) {
                attackers.add(flood("127.0.0." + (10 + a), 100));
            }
            int held = attackers.stream().mapToInt(IdleSockets::stillOpen).sum();
            long ackMs = trackerAck("356000000010003");
            figure("1,200 idle sockets from 12 addresses", held, ackMs);
            assertPrompt(ackMs);
            assertThat(held).as("unproven connections held").isLessThanOrEqualTo(900);
            for (TrackerClient tracker : proven) {
                byte[] again = TestPackets.head("356000000020009");
                assertThat(tracker.sendAndAck(again)).as("a tracker connected before the flood")
                        .isEqualTo(TrackerClient.expectedAck(again));
            }
        } finally {
            attackers.forEach(IdleSockets::close);
            for (TrackerClient tracker : proven) {
                tracker.close();
            }
        }
    }

    /** Forged head packets prove a connection, but one address still gets no more than its share. */
    @Test
    void connectionsWithForgedHeadPacketsAreCappedPerAddress() throws Exception {
        try (IdleSockets attacker = flood("127.0.0.3", 150)) {
            attacker.sendOnEach(TestPackets.head("356000000030001"));
            Thread.sleep(500);
            try (IdleSockets more = flood("127.0.0.3", 50)) {
                more.sendOnEach(TestPackets.head("356000000030002"));
                Thread.sleep(500);
                int held = attacker.stillOpen() + more.stillOpen();
                long ackMs = trackerAck("356000000010004");
                figure("200 sockets with forged head packets from one address", held, ackMs);
                assertPrompt(ackMs);
                assertThat(held).isLessThanOrEqualTo(100);
            }
        }
    }

    /** Opens the sockets and waits until the server has handled every one (admitted, evicted or refused). */
    private IdleSockets flood(String source, int count) throws Exception {
        double before = handled();
        IdleSockets sockets = IdleSockets.open(source, count, server.port());
        for (int i = 0; i < 200 && handled() < before + count; i++) {
            Thread.sleep(50);
        }
        assertThat(handled()).as("connections handled by the server").isGreaterThanOrEqualTo(before + count);
        return sockets;
    }

    /**
     * A real tracker connects from 127.0.0.1 and sends its head packet: answers how long its ACK took, or -1
     * when it got none (refused).
     */
    private long trackerAck(String imei) throws IOException {
        byte[] head = TestPackets.head(imei);
        long start = System.nanoTime();
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            tracker.send(head);
            byte[] ack = tracker.readAck(Duration.ofSeconds(10));
            if (ack == null) {
                return -1;
            }
            assertThat(ack).as("the tracker's ACK").isEqualTo(TrackerClient.expectedAck(head));
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static void assertPrompt(long ackMs) {
        assertThat(ackMs).as("ms to the tracker's ACK (-1: none, refused)").isBetween(0L, PROMPTLY.toMillis());
    }

    private static long awaitAllClosed(IdleSockets sockets, Duration within) throws InterruptedException {
        long start = System.nanoTime();
        while (sockets.stillOpen() > 0 && System.nanoTime() - start < within.toNanos()) {
            Thread.sleep(100);
        }
        assertThat(sockets.stillOpen()).as("idle sockets still open after %s", within).isZero();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void awaitConnections(int expected, Duration within) throws InterruptedException {
        long start = System.nanoTime();
        while (metrics.activeConnections() != expected && System.nanoTime() - start < within.toNanos()) {
            Thread.sleep(50);
        }
        assertThat(metrics.activeConnections()).isEqualTo(expected);
    }

    private double handled() {
        return counter("galileo.ingest.connections", "outcome", "accepted")
                + counter("galileo.ingest.connections", "outcome", "refused");
    }

    private double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void figure(String attack, long held, long ackMs) {
        System.out.printf("FIGURE connection-flood | %s | held %d | tracker ACK %s%n", attack, held,
                ackMs < 0 ? "none (refused)" : ackMs + " ms");
    }
}
