package io.galileosync.ingest;

import io.galileosync.GalileoSyncApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load tool for the ingest path (not a unit test): starts the service on an empty H2 file database, opens
 * {@code trackers} real TCP connections that each send a head packet and then {@code packets} main packets of
 * {@code records} records, waiting for every ACK like a real tracker, and prints throughput, ACK latency and
 * how many transactions the group commit needed.
 *
 * <pre>./mvnw -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath io.galileosync.ingest.IngestLoadBenchmark 200 50 20"</pre>
 */
public final class IngestLoadBenchmark {

    private IngestLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int trackers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int packets = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int records = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dataDir = Files.createTempDirectory("galileo-bench");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GalileoSyncApplication.class)
                .properties("server.port=0", "galileo.ingest.port=0", "galileo.data-dir=" + dataDir,
                        "spring.jmx.enabled=false", "logging.level.root=WARN", "galileo.discovery.enabled=false",
                        "galileo.sync.enabled=false")
                .run()) {
            int port = context.getBean(IngestServer.class).port();
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            ExecutorService pool = Executors.newFixedThreadPool(trackers);
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < trackers; t++) {
                int tracker = t;
                done.add(pool.submit(() -> runTracker(port, tracker, packets, records)));
            }
            long acked = 0;
            for (Future<Integer> f : done) {
                acked += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            Timer ack = meters.get("galileo.ingest.ack.latency").timer();
            Timer commits = meters.get("galileo.store.commit").timer();
            System.out.printf("trackers=%d packets/tracker=%d records/packet=%d%n", trackers, packets, records);
            System.out.printf("acked packets=%d in %.2f s: %.0f packets/s, %.0f records/s%n", acked, seconds,
                    acked / seconds, acked * records / seconds);
            System.out.printf("ACK latency mean %.2f ms, max %.2f ms%n", ack.mean(TimeUnit.MILLISECONDS),
                    ack.max(TimeUnit.MILLISECONDS));
            System.out.printf("transactions=%d (%.1f packets per commit), commit mean %.2f ms%n", commits.count(),
                    (double) acked / Math.max(1, commits.count()), commits.mean(TimeUnit.MILLISECONDS));
        }
    }

    private static int runTracker(int port, int tracker, int packets, int records) throws Exception {
        Random random = new Random(tracker);
        String imei = String.format("35900000%07d", tracker);
        int acked = 0;
        try (TrackerClient client = new TrackerClient(port)) {
            for (int p = 0; p < packets; p++) {
                byte[] frame = TestPackets.frame(GalileoFrame.HEAD_MAIN,
                        TestPackets.randomMainPacket(random, records, imei).payload(), true);
                if (client.sendAndAck(frame) != null) {
                    acked++;
                }
            }
        }
        return acked;
    }
}
