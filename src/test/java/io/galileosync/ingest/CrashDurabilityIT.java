package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is lost: the built jar runs as a real process, eight trackers stream packets at it,
 * and it is killed with SIGKILL mid-stream. Every record whose packet got an ACK must be in the database
 * afterwards, and a restarted service must serve it.
 */
class CrashDurabilityIT {

    private static final int TRACKERS = 8;

    @Test
    void everyAcknowledgedRecordSurvivesKillMinus9() throws Exception {
        Path dataDir = Files.createTempDirectory("galileo-crash");
        int httpPort = NodeProcess.freePort();
        int tcpPort = NodeProcess.freePort();
        Process service = NodeProcess.start(dataDir, httpPort, tcpPort);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService trackers = Executors.newFixedThreadPool(TRACKERS);
        try {
            awaitHealthy(httpPort);
            for (int t = 0; t < TRACKERS; t++) {
                int tracker = t;
                trackers.submit(() -> stream(tracker, tcpPort, sending, acknowledged));
            }
            Thread.sleep(3000);
            service.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            sending.set(false);
            trackers.shutdown();
            trackers.awaitTermination(30, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
        assertThat(acknowledged).as("records acknowledged before the kill").hasSizeGreaterThan(100);

        Set<String> stored = storedKeys(dataDir);
        List<String> lost = new ArrayList<>();
        for (String key : acknowledged) {
            if (!stored.contains(key)) {
                lost.add(key);
            }
        }
        assertThat(lost).as("acknowledged records missing after kill -9 (of %d)", acknowledged.size()).isEmpty();

        Process restarted = NodeProcess.start(dataDir, httpPort, tcpPort);
        try {
            awaitHealthy(httpPort);
            String devices = get(httpPort, "/api/devices");
            for (int t = 0; t < TRACKERS; t++) {
                assertThat(devices).contains(imei(t));
            }
        } finally {
            restarted.destroy();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** One tracker: head packet, then packets of 5 records each, recording every key whose packet was ACKed. */
    private static Void stream(int tracker, int tcpPort, AtomicBoolean sending, Set<String> acknowledged)
            throws IOException {
        String imei = imei(tracker);
        try (TrackerClient client = new TrackerClient(tcpPort)) {
            byte[] head = TestPackets.head(imei);
            if (client.sendAndAck(head) == null) {
                return null;
            }
            long time = 1_700_000_000L;
            for (int number = 0; sending.get(); number += 5) {
                String[] records = new String[5];
                List<String> keys = new ArrayList<>();
                for (int r = 0; r < 5; r++) {
                    int recordNumber = number + r;
                    long seconds = time + recordNumber;
                    records[r] = TestPackets.recordHex(recordNumber, seconds, 53_612_224, 86_890_424);
                    keys.add(imei + "/" + seconds * 1000 + "/" + recordNumber);
                }
                byte[] frame = TestPackets.mainPacket(records);
                byte[] ack = client.sendAndAck(frame);
                if (ack == null) {
                    return null; // the service is gone
                }
                acknowledged.addAll(keys);
            }
        } catch (IOException e) {
            // connection reset by the kill: expected
        }
        return null;
    }

    private static String imei(int tracker) {
        return String.format("35800000000%04d", tracker);
    }

    private static Set<String> storedKeys(Path dataDir) throws Exception {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("galileo").toAbsolutePath(), "sa", "");
             ResultSet rs = connection.createStatement()
                     .executeQuery("select i.imei, r.time_ms, r.record_number from records r"
                             + " join record_imeis i on i.id = r.imei_id")) {
            while (rs.next()) {
                keys.add(rs.getString(1) + "/" + rs.getLong(2) + "/" + rs.getInt(3));
            }
        }
        return keys;
    }

    private static void awaitHealthy(int httpPort) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (get(httpPort, "/actuator/health").contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("service did not become healthy on port " + httpPort);
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
