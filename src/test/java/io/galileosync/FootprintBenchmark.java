package io.galileosync;

import io.galileosync.simulate.SimulationReport;
import io.galileosync.simulate.Simulator;
import io.galileosync.simulate.SimulatorOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.util.FileSystemUtils;

/**
 * The node's footprint (a program, not a test: surefire skips *Benchmark*). Starts the built jar as its own
 * process on free ports, as a user does ({@code java -jar}), and prints for each scenario the time from the
 * process start to {@code /actuator/health} UP, the CPU time it took to get there (user + system, from
 * /proc/PID/stat: on a shared machine the wall clock says little), its resident set then and after
 * {@code galileo.bench.idleSeconds} of idling; then, on the node started empty, the resident set while 100
 * simulated trackers send (peak of 5 samples a second) and their records/s; then the same ingest on a node with
 * {@code -Xmx128m}, as a share of the first rate.
 *
 * <pre>./mvnw -q -DskipTests package exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath -Dgalileo.bench.filled=/path/to/a/data/folder io.galileosync.FootprintBenchmark"</pre>
 *
 * Settings ({@code -D...} before the class name): {@code galileo.bench.filled}, a data folder with records in it
 * (say 1M: StoreFootprintBenchmark leaves one and prints its path), copied for each run so it stays as it is;
 * without it that scenario is skipped. {@code galileo.bench.idleSeconds} (30), {@code galileo.bench.trackers}
 * (100), {@code galileo.bench.records} (200000 in all), {@code galileo.bench.nodeJvm} (JVM options of every
 * node), {@code galileo.bench.jar} (target/galileo-sync-0.1.0.jar), {@code galileo.bench.repeats} (1).
 */
public final class FootprintBenchmark {

    private static final PrintStream OUT = System.out;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    /** Linux's USER_HZ: /proc/PID/stat counts CPU time in these. */
    private static final double CLOCK_TICKS = 100;

    private record Start(String scenario, double seconds, double cpuSeconds, long healthyRssKb, long idleRssKb) {
    }

    private record Load(String scenario, double recordsPerSecond, long peakRssKb, long endRssKb, boolean allAcked) {
    }

    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("galileo.bench.jar", "target/galileo-sync-0.1.0.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: ./mvnw -DskipTests package");
        }
        String filled = System.getProperty("galileo.bench.filled", "");
        int idleSeconds = Integer.getInteger("galileo.bench.idleSeconds", 30);
        int trackers = Integer.getInteger("galileo.bench.trackers", 100);
        int records = Integer.getInteger("galileo.bench.records", 200_000);
        int repeats = Integer.getInteger("galileo.bench.repeats", 1);
        List<String> jvm = List.of(System.getProperty("galileo.bench.nodeJvm", "").trim().split("\\s+")).stream()
                .filter(s -> !s.isEmpty()).toList();
        OUT.printf("footprint benchmark: %s, %d cores, load average %s, node JVM options %s%n", jar,
                Runtime.getRuntime().availableProcessors(), loadAverage(), jvm.isEmpty() ? "(none)" : jvm);
        List<Start> starts = new ArrayList<>();
        List<Load> loads = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            try (Node node = Node.start(jar, jvm, null)) {
                starts.add(node.measureStart("empty", idleSeconds));
                loads.add(node.ingest("ingest", trackers, records));
            }
            if (filled.isEmpty()) {
                OUT.println("no galileo.bench.filled data folder: the start on a filled database is skipped");
            } else {
                try (Node node = Node.start(jar, jvm, Path.of(filled))) {
                    starts.add(node.measureStart("filled " + filled, idleSeconds));
                }
            }
            List<String> small = new ArrayList<>(jvm);
            small.add("-Xmx128m");
            try (Node node = Node.start(jar, small, null)) {
                starts.add(node.measureStart("empty, -Xmx128m", idleSeconds));
                loads.add(node.ingest("ingest, -Xmx128m", trackers, records));
            }
        }
        OUT.printf("%nload average at the end %s%n", loadAverage());
        OUT.println("start                          | to healthy |   CPU   | RSS healthy | RSS after " + idleSeconds
                + " s idle");
        for (Start s : starts) {
            OUT.printf("%-30s | %8.1f s | %5.1f s | %8d MB | %d MB%n", shorten(s.scenario()), s.seconds(),
                    s.cpuSeconds(), s.healthyRssKb() / 1024, s.idleRssKb() / 1024);
        }
        OUT.println("ingest (" + trackers + " trackers, " + records + " records) | records/s | RSS peak | RSS after"
                + " | every record acked");
        for (Load l : loads) {
            OUT.printf("%-30s | %9.0f | %5d MB | %6d MB | %s%n", l.scenario(), l.recordsPerSecond(),
                    l.peakRssKb() / 1024, l.endRssKb() / 1024, l.allAcked() ? "yes" : "NO");
        }
        for (int i = 0; i + 1 < loads.size(); i += 2) {
            OUT.printf("-Xmx128m rate: %.0f%% of the default heap's%n",
                    100 * loads.get(i + 1).recordsPerSecond() / loads.get(i).recordsPerSecond());
        }
    }

    /** A node process in a data folder of its own (a copy of {@code filled}, or empty), deleted at close. */
    private record Node(Process process, Path dataDir, int httpPort, int tcpPort, long startedNanos)
            implements AutoCloseable {

        static Node start(Path jar, List<String> jvm, Path filled) throws IOException {
            Path dataDir = Files.createTempDirectory("galileo-footprint-bench");
            if (filled != null) {
                FileSystemUtils.copyRecursively(filled, dataDir);
            }
            int httpPort = freePort();
            int tcpPort = freePort();
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(jvm);
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + httpPort,
                    "--galileo.ingest.port=" + tcpPort, "--galileo.data-dir=" + dataDir.toAbsolutePath(),
                    "--galileo.discovery.enabled=false"));
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("node.log").toFile()).start();
            return new Node(process, dataDir, httpPort, tcpPort, started);
        }

        Start measureStart(String scenario, int idleSeconds) throws Exception {
            awaitHealthy();
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            double cpu = cpuSeconds();
            long healthyRss = memoryKb("VmRSS");
            Thread.sleep(idleSeconds * 1000L);
            long idleRss = memoryKb("VmRSS");
            OUT.printf("%s: healthy after %.1f s, %.1f s CPU, RSS %d MB, after %d s idle %d MB (data %s)%n", scenario,
                    seconds, cpu, healthyRss / 1024, idleSeconds, idleRss / 1024, dataDir);
            return new Start(scenario, seconds, cpu, healthyRss, idleRss);
        }

        Load ingest(String scenario, int trackers, int records) throws Exception {
            SimulatorOptions options = new SimulatorOptions("127.0.0.1", tcpPort, trackers,
                    (records + trackers - 1) / trackers, 10, Double.POSITIVE_INFINITY, 861_000_000_000_000L, 1,
                    Instant.parse("2025-06-01T00:00:00Z"), Duration.ofSeconds(10), 5);
            AtomicLong peak = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memoryKb("VmRSS"), Math::max), 0, 200,
                    TimeUnit.MILLISECONDS);
            SimulationReport report;
            try {
                report = new Simulator(options, new PrintStream(OutputStream.nullOutputStream())).run();
            } finally {
                sampler.shutdownNow();
            }
            long end = memoryKb("VmRSS");
            OUT.printf("%s: %.0f records/s, RSS peak %d MB, %d MB after; %s%n", scenario, report.recordsPerSecond(),
                    peak.get() / 1024, end / 1024, report.format().replace('\n', ' '));
            return new Load(scenario, report.recordsPerSecond(), peak.get(), end, report.allAcked());
        }

        private void awaitHealthy() throws InterruptedException {
            Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
            while (Instant.now().isBefore(deadline) && process.isAlive()) {
                try {
                    HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    // the overall status: its components (db, ingest) are UP once the tracker port is bound
                    if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the node did not become healthy; its log: " + dataDir.resolve("node.log"));
        }

        /** utime + stime of /proc/PID/stat (fields 14 and 15, counted after the command name's closing bracket). */
        private double cpuSeconds() throws IOException {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        }

        /** A line of /proc/PID/status in kB, 0 once the process is gone. */
        private long memoryKb(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return 0;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private static String shorten(String scenario) {
        return scenario.length() <= 30 ? scenario : scenario.substring(0, 27) + "...";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
