package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built jar (its path given by failsafe) started as a real process, its output appended to a file of the data
 * folder (one file across restarts).
 */
public final class NodeProcess {

    private NodeProcess() {
    }

    public static Process start(Path dataDir, int httpPort, int tcpPort, String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar(), "--server.port=" + httpPort,
                "--galileo.ingest.port=" + tcpPort, "--galileo.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(List.of(extraArgs));
        Files.createDirectories(dataDir);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(dataDir).toFile()))
                .start();
    }

    public static Path log(Path dataDir) {
        return dataDir.resolve("service.log");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the node's health is UP; fails at once, with its log, when the process ended first. */
    public static void awaitHealthy(Process node, int httpPort, Path dataDir) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            if (!node.isAlive()) {
                throw new AssertionError("the node exited with " + node.exitValue() + " before it was healthy:\n"
                        + Files.readString(log(dataDir)));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the node on port " + httpPort + " did not become healthy");
    }

    /** SIGKILL: no shutdown hook, no flush; waits until the process is gone. */
    public static void kill(Process node) throws InterruptedException {
        node.destroyForcibly();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("killed node exits").isTrue();
    }

    /** SIGTERM: the node shuts down as an operator would stop it. */
    public static void stop(Process node) throws InterruptedException {
        node.destroy();
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
            kill(node);
        }
    }

    /** The jar run as a command (e.g. {@code restore ...}): its exit status and everything it printed. */
    public static Ran run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** A command line as given (e.g. one a node printed for a person to type), split at spaces. */
    public static Ran runLine(String line) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(line.trim().split(" +")));
        assertThat(command.subList(0, 2)).isEqualTo(List.of("java", "-jar"));
        command.set(2, jar()); // the node printed the jar as it was started; run the one failsafe built
        return run(command);
    }

    private static Ran run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        return new Ran(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** A finished command: its exit status and output. */
    public record Ran(int status, String output) {
    }

    private static String jar() {
        String jar = System.getProperty("galileo.test.jar");
        assertThat(jar).as("failsafe passes the built jar's path").isNotNull();
        return jar;
    }
}
