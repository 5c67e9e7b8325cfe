package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.galileosync.simulate.PacketEncoder;
import io.galileosync.web.GalileoTestProperties;
import org.springframework.boot.test.context.SpringBootTest;
import io.micrometer.core.instrument.MeterRegistry;

/** Connection limit, idle timeout and the frame length limit, on real sockets. */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "galileo.ingest.max-connections=2", "galileo.ingest.idle-timeout=6s", "galileo.ingest.max-payload-length=2000"})
class IngestLimitsTest {

    @Autowired
    IngestServer server;

    @Autowired
    MeterRegistry meters;

    @Autowired
    IngestMetrics metrics;

    /** Which of three simultaneous connections is refused depends on the event loops: any one of them. */
    @Test
    void connectionsBeyondTheLimitAreRefusedAndCounted() throws Exception {
        awaitNoConnections();
        double refusedBefore = refused();
        try (TrackerClient first = new TrackerClient(server.port());
             TrackerClient second = new TrackerClient(server.port());
             TrackerClient third = new TrackerClient(server.port())) {
            for (int i = 0; i < 100 && refused() == refusedBefore; i++) {
                Thread.sleep(50);
            }
            assertThat(refused()).isEqualTo(refusedBefore + 1);
            List<TrackerClient> open = new ArrayList<>();
            for (TrackerClient client : List.of(first, second, third)) {
                if (!client.closedByServer(Duration.ofSeconds(1))) {
                    open.add(client);
                }
            }
            assertThat(open).as("connections left open").hasSize(2);
            byte[] empty = PacketEncoder.frame(GalileoFrame.HEAD_MAIN, new byte[0], true);
            for (TrackerClient client : open) {
                assertThat(client.sendAndAck(empty)).isEqualTo(TrackerClient.expectedAck(empty));
            }
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            assertThat(tracker.closedByServer(Duration.ofSeconds(2))).as("still open before the timeout").isFalse();
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

    private double refused() {
        return meters.get("galileo.ingest.connections").tag("outcome", "refused").counter().count();
    }
}
