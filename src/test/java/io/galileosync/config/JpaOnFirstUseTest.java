package io.galileosync.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.GalileoSyncApplication;
import io.galileosync.store.RecordPage;
import io.galileosync.store.RecordStore;
import io.galileosync.store.TimeRange;
import io.galileosync.store.WriteRequest;
import io.galileosync.sync.TestNode;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The node comes up without building Hibernate (which only the people's queries use), builds it once it is
 * ready, and then answers those queries.
 */
@ExtendWith(OutputCaptureExtension.class)
class JpaOnFirstUseTest {

    /** What Hibernate prints when it starts building, and Spring once the factory is built. */
    private static final String BUILDING = "HHH000001";
    private static final String BUILT = "Initialized JPA EntityManagerFactory";

    @TempDir
    Path dir;

    @Test
    void hibernateIsBuiltAfterTheNodeIsUpAndThenServesTheRecordQueries(CapturedOutput output) throws Exception {
        AtomicReference<String> printedWhenStarted = new AtomicReference<>();
        ApplicationListener<?> started = event -> {
            if (event instanceof ApplicationStartedEvent) {
                printedWhenStarted.set(output.getOut());
            }
        };
        try (ConfigurableApplicationContext context = node().listeners(started).run(arguments())) {
            assertThat(printedWhenStarted.get()).as("what the start printed").isNotBlank().doesNotContain(BUILDING);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!output.getOut().contains(BUILT) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(output.getOut()).as("built in the background once ready").contains(BUILT);

            RecordStore store = context.getBean(RecordStore.class);
            store.submit(new WriteRequest(TestNode.randomRecords(new Random(4), 50, 2), null,
                    System.currentTimeMillis())).get(60, TimeUnit.SECONDS);
            RecordPage page = store.records(null, TimeRange.ALL, 0, 20, false);
            assertThat(page.total()).isEqualTo(50);
            assertThat(page.records()).hasSize(20);
        }
    }

    private static SpringApplicationBuilder node() {
        return new SpringApplicationBuilder(GalileoSyncApplication.class);
    }

    private String[] arguments(String... more) {
        String[] base = {"--server.port=0", "--galileo.ingest.port=0", "--galileo.data-dir=" + dir.resolve("node"),
                "--galileo.discovery.enabled=false", "--spring.jmx.enabled=false", "--logging.level.root=WARN",
                "--logging.level.org.hibernate.orm.core=INFO", "--logging.level.org.springframework.orm.jpa=INFO"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
