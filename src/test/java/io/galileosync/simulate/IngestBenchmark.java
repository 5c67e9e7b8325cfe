package io.galileosync.simulate;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest benchmark (a program, not a test: surefire skips *Benchmark*). For 1, 100 and 1,000 trackers with
 * 200,000 records in all, each scenario on a fresh node: starts the built jar as its own process on free ports
 * with an empty data folder, runs the {@link Simulator} against it (every tracker waits for each ACK), checks
 * that every acknowledged record is stored exactly once (the record count of each IMEI in {@code GET
 * /api/devices}, then the rows in the node's database after it stopped), and prints records/s, ACK latency
 * and the node's memory ({@code VmHWM} = peak resident set, {@code VmRSS}, from /proc). Exits with 1 when a
 * check failed.
 *
 * <pre>./mvnw -q -DskipTests package exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath io.galileosync.simulate.IngestBenchmark"</pre>
 *
 * Settings, as {@code -D...} before {@code -cp} in {@code exec.args}: {@code galileo.bench.trackers} (1,100,1000),
 * {@code galileo.bench.records} (records per scenario, 200000), {@code galileo.bench.perPacket} (10: about
 * the documented 1000-byte packet), {@code galileo.bench.nodeJvm} (JVM options of the node, e.g. -Xmx256m),
 * {@code galileo.bench.jar} (target/galileo-sync-0.1.0.jar).
 */
public final class IngestBenchmark {

    private static final Instant START = Instant.parse("2025-06-01T00:00:00Z");
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final PrintStream OUT = System.out;

    record Result(int trackers, SimulationReport report, long peakRssKb, long rssKb, long idleRssKb,
                  List<String> failures) {
    }

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("galileo.bench.jar", "target/galileo-sync-0.1.0.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: ./mvnw -DskipTests package");
        }
        int[] scenarios = Arrays.stream(System.getProperty("galileo.bench.trackers", "1,100,1000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        int total = Integer.getInteger("galileo.bench.records", 200_000);
        int perPacket = Integer.getInteger("galileo.bench.perPacket", 10);
        List<String> nodeJvm = List.of(System.getProperty("galileo.bench.nodeJvm", "").trim().split("\\s+"))
                .stream().filter(s -> !s.isEmpty()).toList();
        OUT.printf("ingest benchmark: %s, %d cores, load average %s, node JVM options %s%n", jar,
                Runtime.getRuntime().availableProcessors(), loadAverage(), nodeJvm.isEmpty() ? "(none)" : nodeJvm);
        List<Result> results = new ArrayList<>();
        for (int trackers : scenarios) {
            results.add(scenario(jar, nodeJvm, trackers, (total + trackers - 1) / trackers, perPacket));
        }
        OUT.printf("%nload average at the end %s%n", loadAverage());
        OUT.println("trackers x records | records/s |   ACK p50 |   ACK p99 |    ACK max | resends | stored once |"
                + " node VmHWM | VmRSS idle -> after");
        boolean ok = true;
        for (Result r : results) {
            SimulationReport s = r.report();
            OUT.printf("%8d x %-7d | %9.0f | %9s | %9s | %10s | %7d | %-11s | %7d MB | %d -> %d MB%n", r.trackers(),
                    s.recordsExpected() / r.trackers(), s.recordsPerSecond(), SimulationReport.millis(s.ackP50Micros()),
                    SimulationReport.millis(s.ackP99Micros()), SimulationReport.millis(s.ackMaxMicros()),
                    s.resends(), r.failures().isEmpty() ? "yes" : "NO", r.peakRssKb() / 1024, r.idleRssKb() / 1024,
                    r.rssKb() / 1024);
            r.failures().forEach(f -> OUT.println("    FAILED: " + f));
            ok &= r.failures().isEmpty();
        }
        System.exit(ok ? 0 : 1);
    }

    private static Result scenario(Path jar, List<String> nodeJvm, int trackers, int records, int perPacket)
            throws Exception {
        Path dataDir = Files.createTempDirectory("galileo-ingest-bench");
        int httpPort = freePort();
        int tcpPort = freePort();
        OUT.printf("%n== %d tracker(s) x %d records, %d per packet; node on HTTP %d, TCP %d, data %s%n", trackers,
                records, perPacket, httpPort, tcpPort, dataDir);
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(nodeJvm);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + httpPort,
                "--galileo.ingest.port=" + tcpPort, "--galileo.data-dir=" + dataDir.toAbsolutePath(),
                "--galileo.discovery.enabled=false",
                // keep every record: retention (10,000 per IMEI by default) would prune the 1-tracker scenario
                "--galileo.sync.retention-max-per-imei=" + Integer.MAX_VALUE));
        Process node = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("node.log").toFile()).start();
        SimulatorOptions options = new SimulatorOptions("127.0.0.1", tcpPort, trackers, records, perPacket,
                Double.POSITIVE_INFINITY, 860_000_000_000_000L + 1_000_000L * trackers, 1, START,
                Duration.ofSeconds(10), 5);
        try {
            awaitHealthy(httpPort, node);
            long idleRss = memoryKb(node, "VmRSS");
            SimulationReport report = new Simulator(options, OUT).run();
            OUT.println(report.format());
            long peakRss = memoryKb(node, "VmHWM");
            long rss = memoryKb(node, "VmRSS");
            List<String> failures = new ArrayList<>();
            if (!report.allAcked()) {
                failures.add(report.recordsAcked() + " of " + report.recordsExpected() + " records acknowledged");
            }
            Map<String, Long> byApi = countsByApi(httpPort);
            stop(node);
            Map<String, long[]> byRows = countsInDatabase(dataDir);
            long storedByApi = 0;
            long storedRows = 0;
            long distinctKeys = 0;
            for (int t = 0; t < trackers; t++) {
                String imei = options.imei(t);
                long api = byApi.getOrDefault(imei, 0L);
                long[] rows = byRows.getOrDefault(imei, new long[2]);
                storedByApi += api;
                storedRows += rows[0];
                distinctKeys += rows[1];
                if (api != records || rows[0] != records || rows[1] != records) {
                    failures.add(String.format("%s: sent %d, API recordCount %d, rows %d, distinct keys %d", imei,
                            records, api, rows[0], rows[1]));
                }
            }
            OUT.printf("stored: %d by the API's record counts, %d rows, %d distinct keys (sent %d)%n", storedByApi,
                    storedRows, distinctKeys, options.totalRecords());
            OUT.printf("node memory: VmHWM %d MB, VmRSS %d MB idle, %d MB after the run%n", peakRss / 1024,
                    idleRss / 1024, rss / 1024);
            FileSystemUtils.deleteRecursively(dataDir);
            return new Result(trackers, report, peakRss, rss, idleRss,
                    failures.size() > 5 ? failures.subList(0, 5) : failures);
        } finally {
            node.destroyForcibly();
        }
    }

    /** IMEI to recordCount from {@code GET /api/devices} (the device rows the ingest keeps current). */
    private static Map<String, Long> countsByApi(int httpPort) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (JsonNode device : JsonMapper.shared().readTree(get(httpPort, "/api/devices"))) {
            counts.put(device.get("imei").asString(), device.get("recordCount").asLong());
        }
        return counts;
    }

    /** IMEI to {rows, distinct keys}, read from the stopped node's database file. */
    private static Map<String, long[]> countsInDatabase(Path dataDir) throws Exception {
        Map<String, long[]> counts = new HashMap<>();
        try (Connection db = DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("galileo").toAbsolutePath(), "sa", "");
             ResultSet rs = db.createStatement().executeQuery("""
                     select i.imei, count(*), count(distinct (r.time_ms, r.record_number))
                     from records r join record_imeis i on r.imei_id = i.id group by i.imei""")) {
            while (rs.next()) {
                counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return counts;
    }

    private static void stop(Process node) throws InterruptedException {
        node.destroy(); // SIGTERM: a graceful shutdown closes the database
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A line of /proc/PID/status in kB (Linux), 0 where there is none. */
    private static long memoryKb(Process node, String field) throws IOException {
        Path status = Path.of("/proc", String.valueOf(node.pid()), "status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void awaitHealthy(int httpPort, Process node) throws InterruptedException {
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline) && node.isAlive()) {
            try {
                // the overall status: components (db, ...) say UP before the Galileosky port is bound
                if (JsonMapper.shared().readTree(get(httpPort, "/actuator/health")).path("status").asString()
                        .equals("UP")) {
                    OUT.printf("node up after %.1f s%n", (System.nanoTime() - started) / 1e9);
                    return;
                }
            } catch (IOException | JacksonException e) {
                // not listening yet, or not answering JSON yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the node did not become healthy on port " + httpPort);
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
