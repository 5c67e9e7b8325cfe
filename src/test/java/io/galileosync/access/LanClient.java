package io.galileosync.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Another device on the LAN, for tests that need a client address other than loopback: a network namespace
 * joined to this host by a veth pair (made here, removed by {@link #close}), from which raw HTTP goes out with
 * bash's {@code /dev/tcp}. Needs root and iproute2; {@link #open} answers null (with the reason in
 * {@link #unavailable}) where the machine can't.
 */
final class LanClient implements AutoCloseable {

    static volatile String unavailable;

    private final String namespace;
    private final String hostSide;
    final String hostAddress;
    final String clientAddress;

    private LanClient(String namespace, String hostSide, String hostAddress, String clientAddress) {
        this.namespace = namespace;
        this.hostSide = hostSide;
        this.hostAddress = hostAddress;
        this.clientAddress = clientAddress;
    }

    static LanClient open() {
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        String namespace = "galileo-test-" + ProcessHandle.current().pid() + "-" + n;
        String hostSide = "gt" + Long.toString(ProcessHandle.current().pid() % 10000) + "h" + n;
        String clientSide = "gt" + Long.toString(ProcessHandle.current().pid() % 10000) + "c" + n;
        String hostAddress = "10.231." + n + ".1";
        String clientAddress = "10.231." + n + ".2";
        List<List<String>> steps = List.of(
                List.of("ip", "netns", "add", namespace),
                List.of("ip", "link", "add", hostSide, "type", "veth", "peer", "name", clientSide),
                List.of("ip", "link", "set", clientSide, "netns", namespace),
                List.of("ip", "addr", "add", hostAddress + "/30", "dev", hostSide),
                List.of("ip", "link", "set", hostSide, "up"),
                List.of("ip", "netns", "exec", namespace, "ip", "addr", "add", clientAddress + "/30", "dev", clientSide),
                List.of("ip", "netns", "exec", namespace, "ip", "link", "set", clientSide, "up"),
                List.of("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"));
        LanClient client = new LanClient(namespace, hostSide, hostAddress, clientAddress);
        for (List<String> step : steps) {
            String failure = run(step, null);
            if (failure != null) {
                unavailable = "no network namespace for a LAN client (" + String.join(" ", step) + ": " + failure
                        + ")";
                client.close();
                return null;
            }
        }
        return client;
    }

    /** Sends raw HTTP from inside the namespace to this host. */
    RawHttp.Answer send(int port, String method, String target, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostAddress).append(':').append(port).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        if (!method.equals("GET")) {
            request.append("Content-Type: application/json\r\nContent-Length: 2\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        if (!method.equals("GET")) {
            request.append("{}");
        }
        String script = "exec 3<>/dev/tcp/" + hostAddress + "/" + port + " && cat >&3 && cat <&3";
        Process process = new ProcessBuilder("ip", "netns", "exec", namespace, "timeout", "10", "bash", "-c", script)
                .redirectErrorStream(true).start();
        process.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        process.getOutputStream().close();
        return RawHttp.parse(process.getInputStream());
    }

    @Override
    public void close() {
        run(List.of("ip", "link", "del", hostSide), null);
        run(List.of("ip", "netns", "del", namespace), null);
    }

    /** Null when the command succeeded, else what went wrong. */
    private static String run(List<String> command, String input) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
