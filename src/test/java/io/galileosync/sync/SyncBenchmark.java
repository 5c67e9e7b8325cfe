package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * Load tool, not part of the build (surefire skips *Benchmark*): a full sync of 100k records between two
 * fresh nodes over real HTTP. Run: {@code ./mvnw test -Dtest=SyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dgalileo.bench.records=N} to change the size).
 */
class SyncBenchmark {

    @Test
    void fullSyncOfManyRecords() throws Exception {
        int total = Integer.getInteger("galileo.bench.records", 100_000);
        Path dir = Files.createTempDirectory("galileo-sync-bench");
        try (TestNode source = TestNode.start("source", dir.resolve("source"));
             TestNode target = TestNode.start("target", dir.resolve("target"))) {
            Random random = new Random(1);
            for (int done = 0; done < total; done += 1000) {
                source.ingest(TestNode.randomRecords(random, Math.min(1000, total - done), 50));
            }
            long stored = source.count();
            long started = System.nanoTime();
            SyncService.SyncResult result = target.syncWith(source);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(target.count()).isEqualTo(stored);
            System.out.printf("full sync: %d records in %.1f s = %.0f records/s; %d bytes in (%.1f bytes/record"
                            + " gzip JSON), %d bytes out%n", stored, seconds, stored / seconds, result.bytesIn(),
                    (double) result.bytesIn() / stored, result.bytesOut());
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }
}
