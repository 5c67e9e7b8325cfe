package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.simulate.RealisticRecords;
import io.galileosync.store.TrackRecord;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * Load tool, not part of the build (surefire skips *Benchmark*): two nodes over real HTTP on this machine,
 * fed the records the decoder makes from the simulator's packets. Prints a full sync of N records into an
 * empty node, incremental syncs of 1,000 new records, and syncs with nothing to do: time, records/s and
 * bytes on the wire per record. Run:
 * {@code ./mvnw test -Dtest=SyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dgalileo.bench.records=N}, default 100,000; {@code -Dgalileo.bench.trackers=N}, default 50;
 * {@code -Dgalileo.bench.repeats=N} incremental and idle syncs, default 3).
 */
class SyncBenchmark {

    @Test
    void fullIncrementalAndIdleSync() throws Exception {
        int total = Integer.getInteger("galileo.bench.records", 100_000);
        int trackers = Integer.getInteger("galileo.bench.trackers", 50);
        int repeats = Integer.getInteger("galileo.bench.repeats", 3);
        List<TrackRecord> records = RealisticRecords.of(7, trackers, total + repeats * 1000);
        Path dir = Files.createTempDirectory("galileo-sync-bench");
        try (TestNode source = TestNode.start("source", dir.resolve("source"));
             TestNode target = TestNode.start("target", dir.resolve("target"))) {
            for (int done = 0; done < total; done += 1000) {
                source.ingest(records.subList(done, Math.min(done + 1000, total)));
            }
            long stored = source.count();
            report("full", stored, target, source);
            assertThat(target.count()).isEqualTo(stored);

            for (int i = 0; i < repeats; i++) {
                source.ingest(records.subList(total + i * 1000, total + (i + 1) * 1000));
                report("incremental", 1000, target, source);
                assertThat(target.count()).isEqualTo(stored + (i + 1) * 1000L);
            }
            for (int i = 0; i < repeats; i++) {
                report("nothing new", 0, target, source);
            }
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    /**
     * Wall time, and the CPU time both nodes spent (they share this JVM): on a busy machine the wall time says more
     * about the neighbours than about the sync, the CPU time per record does not.
     */
    private static void report(String kind, long moved, TestNode target, TestNode source) {
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        SyncService.SyncResult result = target.syncWith(source);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        System.out.printf("%-12s sync: %,9d records in %6.3f s = %,9.0f records/s, CPU %6.3f s (both ends)%s;"
                        + " %,11d bytes in (%s), %,d bytes out%n", kind, moved, seconds, moved / seconds, cpuSeconds,
                moved == 0 ? "" : String.format(" = %,.0f records per CPU-second", moved / cpuSeconds),
                result.bytesIn(),
                moved == 0 ? "no records" : String.format("%.1f bytes/record", (double) result.bytesIn() / moved),
                result.bytesOut());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
