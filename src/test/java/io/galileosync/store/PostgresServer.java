package io.galileosync.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster for the tests: Debian's server binaries ({@code /usr/lib/postgresql/N/bin},
 * or the folder in {@code PG_BIN}) run initdb into a temporary folder, the server listens on a free loopback
 * port (its unix socket in that folder), with fsync off since a crash only loses a test's database. One
 * cluster per test JVM, started by the first test that asks and stopped when the JVM exits; every test class
 * gets a database of its own ({@link PostgresDatabase}). initdb refuses to run as root, so as root the cluster
 * belongs to the {@code postgres} user and its commands run through runuser.
 */
public final class PostgresServer {

    static final String USER = "galileo";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * The JVM's cluster, started on first use. Without the server binaries a test is skipped, or fails under
     * CI ({@code CI=true}), where .ci/run installs them.
     */
    static synchronized PostgresServer shared() {
        if (shared == null) {
            Optional<Path> bin = binaries();
            if (bin.isEmpty()) {
                String missing = "no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or PG_BIN:"
                        + " install Debian's postgresql package";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new IllegalStateException(missing);
                }
                Assumptions.abort(missing);
            }
            shared = start(bin.get());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-test-cluster-stop"));
        }
        return shared;
    }

    private static Optional<Path> binaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(b -> Files.isExecutable(b.resolve("initdb")));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int versionOf(String folder) {
        return folder.matches("\\d+") ? Integer.parseInt(folder) : 0;
    }

    private static PostgresServer start(Path bin) {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("galileo-pg-");
            if (root) {
                Files.setOwner(dir, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
            }
            PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
            server.run(List.of("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                    "--no-sync"));
            server.run(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                    "start"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.add(bin.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        try {
            Path output = Files.createTempFile("galileo-pg-command", ".log");
            Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            boolean done = process.waitFor(120, TimeUnit.SECONDS);
            String said = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            if (!done || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " failed:\n" + said + serverLog());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String serverLog() throws IOException {
        Path log = dir.resolve("server.log");
        return Files.exists(log) ? "\nserver log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** A new empty database of this cluster. */
    String createDatabase(String hint) {
        String name = (hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + DATABASES.incrementAndGet()).toLowerCase();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return name;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void stop() {
        try {
            run(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is no test's failure
        }
    }
}
