package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
                String log = Files.readString(NodeProcess.log(dataDir));
                System.out.printf("FIGURE port-conflict | exited %s after %d ms, status %s, %d log lines%n", exited,
                        (System.nanoTime() - start) / 1_000_000, exited ? node.exitValue() : "-",
                        log.lines().count());
                assertThat(exited).as("the process exits (log:%n%s)", log).isTrue();
                assertThat(node.exitValue()).isNotZero();
                assertThat(log).contains("Galileosky TCP port " + port + " is already in use");
                assertThat(log).as("no stack trace").doesNotContain("\tat io.netty").doesNotContain("BindException:");
            } finally {
                node.destroyForcibly();
            }
        }
    }
}
