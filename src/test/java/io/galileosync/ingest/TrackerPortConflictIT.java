package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Galileosky port is taken by another process: the node must say so in one clear line and exit with a
 * non-zero status, as it does for a taken HTTP port, instead of a stack trace and a JVM that never exits.
 */
class TrackerPortConflictIT {

    @Test
    void aTakenTrackerPortEndsTheNodeWithAClearMessageAndANonZeroStatus() throws Exception {
        Path dataDir = Files.createTempDirectory("galileo-port");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            long start = System.nanoTime();
            Process node = NodeProcess.start(dataDir, NodeProcess.freePort(), port);
            try {
                boolean exited = node.waitFor(120, TimeUnit.SECONDS);
                Instant exitedAt = Instant.now();
                String log = Files.readString(NodeProcess.log(dataDir));
                Duration afterReport = reportedAt(log).map(at -> Duration.between(at, exitedAt)).orElse(null);
                System.out.printf("FIGURE port-conflict | exited %s after %d ms (%s after the failure report),"
                        + " status %s, %d log lines%n", exited, (System.nanoTime() - start) / 1_000_000, afterReport,
                        exited ? node.exitValue() : "-", log.lines().count());
                assertThat(exited).as("the process exits (log:%n%s)", log).isTrue();
                assertThat(node.exitValue()).isNotZero();
                assertThat(log).contains("Galileosky TCP port " + port + " is already in use");
                assertThat(log).as("no stack trace").doesNotContain("\tat io.netty").doesNotContain("BindException:");
                assertThat(afterReport).as("from the failure report to the exit").isLessThan(Duration.ofSeconds(10));
            } finally {
                node.destroyForcibly();
            }
        }
    }

    /** When Spring Boot's failure report was logged (its line starts with the ISO time). */
    private static Optional<Instant> reportedAt(String log) {
        return log.lines().filter(line -> line.contains("LoggingFailureAnalysisReporter")).findFirst()
                .map(line -> OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant());
    }
}
