package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.simulate.PacketEncoder;
import io.galileosync.web.GalileoTestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Log and disk floods from unauthenticated TCP on a real node (issue 8, item 7): every bad frame and every
 * garbage connection is counted in the metrics, but the log gets a line and a summary per source and minute;
 * the quarantine keeps within its size and age caps however much is sent to it.
 */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "galileo.ingest.quarantine-max-size=1MB", "galileo.ingest.quarantine-max-age=1d"})
class IngestFloodTest {

    private static final long MAX_FRAMES = 100_000;
    private static final Duration FLOOD = Duration.ofSeconds(3);

    @Autowired
    IngestServer server;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    @Value("${galileo.data-dir}")
    Path dataDir;

    @Test
    void aBadCrcFloodIsCountedFrameByFrameButLoggedInAFewLines() throws Exception {
        byte[] batch = badCrcFrames(5000);
        double before = counter("galileo.ingest.crc.errors");
        long frames = 0;
        try (LogCapture log = new LogCapture(); Socket attacker = from("127.0.0.4")) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < FLOOD.toNanos() && frames < MAX_FRAMES) {
                attacker.getOutputStream().write(batch);
                frames += 5000;
            }
            awaitCounter("galileo.ingest.crc.errors", before + frames);
            System.out.printf("FIGURE log-flood | %,d bad-CRC frames (%,d bytes) in %s | log %d lines, %,d bytes%n",
                    frames, frames * batch.length / 5000, FLOOD, log.lineCount(), log.byteCount());
            assertThat(counter("galileo.ingest.crc.errors") - before).as("frames counted").isEqualTo(frames);
            assertThat(log.linesWith("bad CRC")).as("log lines on bad CRCs").hasSizeLessThanOrEqualTo(2);
            assertThat(log.byteCount()).as("log bytes").isLessThan(4096);
        }
    }

    @Test
    void garbageConnectionsAreCountedEachButLoggedInAFewLines() throws Exception {
        double before = counter("galileo.ingest.closed", "reason", "garbage");
        int connections = 300;
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < connections; i++) {
                try (Socket attacker = from("127.0.0.5")) {
                    attacker.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
                    attacker.setSoTimeout(5000);
                    assertThat(attacker.getInputStream().read()).as("closed by the server").isEqualTo(-1);
                }
            }
            awaitCounter("galileo.ingest.closed", "reason", "garbage", before + connections);
            System.out.printf("FIGURE log-flood | %d garbage connections | log %d lines, %,d bytes%n", connections,
                    log.lineCount(), log.byteCount());
            assertThat(log.linesWith("closing connection")).hasSizeLessThanOrEqualTo(2);
            assertThat(log.byteCount()).isLessThan(4096);
        }
    }

    /** 4 MB of undecodable frames (each kept raw and ACKed) against a 1 MB cap: the oldest make room. */
    @Test
    void theQuarantineStaysUnderItsSizeCap() throws Exception {
        long dbBefore = databaseBytes();
        byte[] last = null;
        int frames = 256;
        try (LogCapture log = new LogCapture(); TrackerClient tracker = new TrackerClient(server.port())) {
            byte[] head = TestPackets.head("356000000040001");
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            Random random = new Random(8);
            for (int i = 0; i < frames; i++) {
                last = undecodable(random, 16 * 1024);
                assertThat(tracker.sendAndAck(last)).isEqualTo(TrackerClient.expectedAck(last));
            }
            long kept = quarantineBytes();
            System.out.printf("FIGURE quarantine-flood | %d undecodable frames, %,d bytes | quarantine %,d bytes in"
                    + " %d rows | database file %,d -> %,d bytes | log %d lines%n", frames, frames * last.length, kept,
                    jdbc.sql("select count(*) from quarantine").query(Long.class).single(), dbBefore, databaseBytes(),
                    log.lineCount());
            assertThat(kept).as("bytes kept in the quarantine").isLessThanOrEqualTo(1024 * 1024);
            assertThat(jdbc.sql("select count(*) from quarantine where frame_hex = ?")
                    .param(HexFormat.of().formatHex(last)).query(Long.class).single()).as("the newest is kept")
                    .isEqualTo(1);
            assertThat(counter("galileo.ingest.quarantine.dropped", "reason", "size")).isPositive();
            assertThat(log.linesWith("quarantined")).as("log lines on quarantined packets").hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void quarantinedPacketsOlderThanTheMaxAgeAreDropped() throws Exception {
        long old = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
        jdbc.sql("insert into quarantine (received_at, imei, remote_address, header, reason, frame_hex)"
                + " values (?, '356000000050001', '127.0.0.1:1', 1, 'old', '00')").param(old).update();
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            byte[] head = TestPackets.head("356000000050001");
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            byte[] frame = undecodable(new Random(9), 100);
            assertThat(tracker.sendAndAck(frame)).isEqualTo(TrackerClient.expectedAck(frame));
        }
        assertThat(jdbc.sql("select count(*) from quarantine where received_at = ?").param(old)
                .query(Long.class).single()).as("quarantined two days ago, max age one day").isZero();
        assertThat(counter("galileo.ingest.quarantine.dropped", "reason", "age")).isPositive();
    }

    /** Main packets whose first byte is no known tag (0x00): valid CRC, undecodable, so quarantined. */
    private static byte[] undecodable(Random random, int length) {
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        payload[0] = 0x00;
        return PacketEncoder.frame(GalileoFrame.HEAD_MAIN, payload, true);
    }

    /** {@code count} 13-byte main frames whose CRC is wrong. */
    private static byte[] badCrcFrames(int count) {
        byte[] frame = PacketEncoder.frame(GalileoFrame.HEAD_MAIN, TestPackets.hex("20 00 00 00 60 30 07 00"), true);
        frame[frame.length - 1] ^= 0x55;
        byte[] batch = new byte[frame.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        return batch;
    }

    private Socket from(String source) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
        return socket;
    }

    private long quarantineBytes() {
        return jdbc.sql("select coalesce(sum(length(frame_hex)), 0) / 2 from quarantine").query(Long.class).single();
    }

    private long databaseBytes() throws IOException {
        return Files.size(dataDir.resolve("galileo.mv.db"));
    }

    private void awaitCounter(String name, double expected) throws InterruptedException {
        for (int i = 0; i < 400 && counter(name) < expected; i++) {
            Thread.sleep(50);
        }
    }

    private void awaitCounter(String name, String tag, String value, double expected) throws InterruptedException {
        for (int i = 0; i < 400 && counter(name, tag, value) < expected; i++) {
            Thread.sleep(50);
        }
    }

    private double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
