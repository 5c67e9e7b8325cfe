package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes that keep different amounts: their digests compare only what both keep, so the one that pruned
 * is not rescanned at every digest check, and nothing pruned comes back.
 */
class RetentionSyncTest {

    @TempDir
    Path dir;

    @Test
    void nodesWithDifferentRetentionAgreeWithoutRescanning() {
        try (TestNode keeper = TestNode.start("keeper", dir.resolve("keeper"), "galileo.sync.digest-interval=0s");
             TestNode pruner = TestNode.start("pruner", dir.resolve("pruner"), "galileo.sync.digest-interval=0s",
                     "galileo.sync.retention-max-per-imei=100")) {
            keeper.ingest(TestNode.randomRecords(new Random(8), 600, 2));
            pruner.syncWith(keeper);
            assertThat(pruner.count()).isEqualTo(600);
            assertThat(pruner.bean(Retention.class).prune()).isEqualTo(400);
            assertThat(pruner.bean(Retention.class).last().deleted()).isEqualTo(400);

            double before = rescans(pruner) + rescans(keeper);
            pruner.syncWith(keeper);
            keeper.syncWith(pruner);
            pruner.syncWith(keeper);
            assertThat(rescans(pruner) + rescans(keeper)).as("no rescan for what one side pruned").isEqualTo(before);
            assertThat(pruner.count()).as("nothing pruned came back").isEqualTo(200);
            assertThat(keeper.count()).as("the keeper keeps everything").isEqualTo(600);
        }
    }

    private static double rescans(TestNode node) {
        return node.bean(MeterRegistry.class).counter("galileo.sync.rescans").count();
    }
}
