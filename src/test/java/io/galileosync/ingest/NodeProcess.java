package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** The built jar (its path given by failsafe) started as a real process, its output in a file of the data folder. */
final class NodeProcess {

    private NodeProcess() {
    }

    static Process start(Path dataDir, int httpPort, int tcpPort) throws IOException {
        String jar = System.getProperty("galileo.test.jar");
        assertThat(jar).as("failsafe passes the built jar's path").isNotNull();
        return new ProcessBuilder("java", "-jar", jar, "--server.port=" + httpPort,
                "--galileo.ingest.port=" + tcpPort, "--galileo.data-dir=" + dataDir.toAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(log(dataDir).toFile())
                .start();
    }

    static Path log(Path dataDir) {
        return dataDir.resolve("service.log");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
