package io.galileosync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node starts in the same few seconds with a million records as with none: nothing at start reads the records
 * table. Checked on what the database itself ran (H2's statement trace of the whole restart of a node with
 * records and retention limits set, and a few seconds of it running), not on a time, which a shared machine
 * makes meaningless.
 */
class StartWithoutScanTest {

    /** A statement that reads the records table (all its reads name it in a from or a join). */
    private static final Pattern READS_RECORDS = Pattern.compile("(?i)\\b(from|join)\\s+records\\b");

    @TempDir
    Path dir;

    @Test
    void restartWithRecordsAndRetentionLimitsReadsNoRecord() throws Exception {
        Path dataDir = dir.resolve("node");
        try (TestNode node = TestNode.start("filled", dataDir)) {
            node.ingest(TestNode.randomRecords(new Random(9), 3000, 3));
            assertThat(node.count()).isEqualTo(3000);
        }

        try (TestNode node = TestNode.start("filled", dataDir, "spring.datasource.url=" + tracedUrl(dataDir),
                // limits that retention enforces by reading every record: not at the start
                "galileo.sync.retention-max-per-imei=100", "galileo.sync.retention-max-age=3650d")) {
            assertThat(node.url()).isNotBlank();
            Thread.sleep(3000); // the background work of the first seconds (live events, inbound syncs, sync timer)
        }

        List<String> statements = Files.readAllLines(dataDir.resolve("galileo.trace.db")).stream()
                .filter(line -> line.contains("/*SQL")).toList();
        assertThat(statements).as("the trace holds the start's statements")
                .anyMatch(s -> s.contains("node_state")).anyMatch(s -> s.contains("flyway_schema_history"));
        assertThat(statements).as("statements that read the records table during the start")
                .noneMatch(s -> READS_RECORDS.matcher(s).find());
    }

    /** The application's own database URL, with every statement written to the trace file. */
    private static String tracedUrl(Path dataDir) throws IOException {
        Properties app = new Properties();
        try (InputStream in = StartWithoutScanTest.class.getResourceAsStream("/application.properties")) {
            app.load(in);
        }
        String url = app.getProperty("spring.datasource.url")
                .replace("${galileo.data-dir:./data}", dataDir.toAbsolutePath().toString());
        assertThat(url).contains("TRACE_MAX_FILE_SIZE=1");
        return url.replace("TRACE_MAX_FILE_SIZE=1", "TRACE_MAX_FILE_SIZE=64;TRACE_LEVEL_FILE=2");
    }
}
