package io.galileosync.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Another process with an H2 database open (H2's own shell, waiting for input), as a running node would have it. */
final class H2Holder implements AutoCloseable {

    private final Process process;

    H2Holder(Path database) throws IOException {
        String h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        process = new ProcessBuilder("java", "-cp", h2, "org.h2.tools.Shell", "-url",
                "jdbc:h2:file:" + database.toAbsolutePath() + ";IFEXISTS=TRUE", "-user", "sa", "-password", "")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (int c = out.read(); c >= 0; c = out.read()) {
            seen.append((char) c);
            if (seen.toString().contains("sql>")) {
                return; // connected: the database is open, and locked, in that process
            }
        }
        throw new IOException("H2's shell did not open " + database + ": " + seen);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
