package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.galileosync.simulate.PacketEncoder;
import io.galileosync.web.GalileoTestProperties;
import org.springframework.boot.test.context.SpringBootTest;
import io.micrometer.core.instrument.MeterRegistry;

/** Connection limits, handshake and idle timeouts, and the frame length limit, on real sockets. */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "galileo.ingest.max-connections=2", "galileo.ingest.reserved-connections=1",
        "galileo.ingest.handshake-timeout=3s", "galileo.ingest.idle-timeout=6s",
        "galileo.ingest.max-payload-length=2000"})
class IngestLimitsTest {

    @Autowired
    IngestServer server;

    @Autowired
    MeterRegistry meters;

    @Autowired
    IngestMetrics metrics;

    @Test
    void aConnectionBeyondTheLimitIsRefusedWhenTrackersHoldEverySlot() throws Exception {
        awaitNoConnections();
        double refusedBefore = counter("galileo.ingest.connections", "outcome", "refused");
        try (TrackerClient first = connectedTracker("356000000080001");
             TrackerClient second = connectedTracker("356000000080002")) {
            try (TrackerClient third = new TrackerClient(server.port())) {
                assertThat(third.closedByServer(Duration.ofSeconds(2))).as("the third is closed").isTrue();
            }
            assertThat(counter("galileo.ingest.connections", "outcome", "refused")).isEqualTo(refusedBefore + 1);
            byte[] empty = PacketEncoder.frame(GalileoFrame.HEAD_MAIN, new byte[0], true);
            for (TrackerClient client : List.of(first, second)) {
                assertThat(client.sendAndAck(empty)).isEqualTo(TrackerClient.expectedAck(empty));
            }
        }
    }

    /** Two slots, one reserved: an idle socket holds the only unreserved one, and a newcomer takes it over. */
    @Test
    void anUnprovenConnectionMakesRoomForANewcomer() throws Exception {
        awaitNoConnections();
        double evictedBefore = counter("galileo.ingest.closed", "reason", "evicted");
        try (TrackerClient tracker = connectedTracker("356000000080003");
             TrackerClient idle = new TrackerClient(server.port())) {
            awaitConnections(2);
            try (TrackerClient newcomer = connectedTracker("356000000080004")) {
                assertThat(idle.closedByServer(Duration.ofSeconds(2))).as("the idle socket made room").isTrue();
                assertThat(counter("galileo.ingest.closed", "reason", "evicted")).isEqualTo(evictedBefore + 1);
                for (TrackerClient connected : List.of(tracker, newcomer)) {
                    proveItself(connected, "356000000080003");
                }
            }
        }
    }

    @Test
    void aConnectionThatNamesNoTrackerIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (TrackerClient silent = new TrackerClient(server.port())) {
            assertThat(silent.closedByServer(Duration.ofSeconds(1))).as("still open before the timeout").isFalse();
            assertThat(silent.closedByServer(Duration.ofSeconds(6))).isTrue();
        }
    }

    @Test
    void aTrackerThatFallsSilentIsClosedAfterTheIdleTimeout() throws Exception {
        try (TrackerClient tracker = connectedTracker("356000000080005")) {
            assertThat(tracker.closedByServer(Duration.ofSeconds(4))).as("past the handshake timeout, proven").isFalse();
            assertThat(tracker.closedByServer(Duration.ofSeconds(15))).isTrue();
        }
    }

    @Test
    void frameAnnouncingMoreThanTheLimitClosesTheConnection() throws Exception {
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            // 2001 bytes announced; the next bytes (tags 01, 02) show it is no Iridium frame, which uses 01 00 1C
            tracker.send(new byte[] {0x01, (byte) 0xD1, 0x07, 0x01, (byte) 0x82, 0x02});
            assertThat(tracker.closedByServer(Duration.ofSeconds(3))).isTrue();
        }
    }

    /** Connections of earlier tests are released asynchronously after their sockets close. */
    private void awaitNoConnections() throws InterruptedException {
        for (int i = 0; i < 100 && metrics.activeConnections() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(metrics.activeConnections()).isZero();
    }

    private void awaitConnections(int expected) throws InterruptedException {
        for (int i = 0; i < 100 && metrics.activeConnections() != expected; i++) {
            Thread.sleep(50);
        }
        assertThat(metrics.activeConnections()).isEqualTo(expected);
    }

    /** A tracker that connected and sent its head packet. */
    private TrackerClient connectedTracker(String imei) throws Exception {
        TrackerClient tracker = new TrackerClient(server.port());
        proveItself(tracker, imei);
        return tracker;
    }

    private static void proveItself(TrackerClient tracker, String imei) throws Exception {
        byte[] head = TestPackets.head(imei);
        assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
    }

    private double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}
