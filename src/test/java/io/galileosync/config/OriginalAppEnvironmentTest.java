package io.galileosync.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.GalileoSyncApplication;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.support.StandardServletEnvironment;

/**
 * The original app's environment switches on a real node: {@code DEBUG=peer-sync:*} turns on debug logging of
 * the sync (its namespace's job here), not Spring's framework-wide debug output; {@code NODE_ENV} is said to be
 * ignored. The environment variables are given as the process environment Spring reads them from.
 */
@ExtendWith(OutputCaptureExtension.class)
class OriginalAppEnvironmentTest {

    @TempDir
    Path tmp;

    /** Spring reads environment variables through this; the test's variables stand in for the process's. */
    private static final class Variables extends StandardServletEnvironment {
        private static final Map<String, Object> GIVEN = new HashMap<>();

        @Override
        public Map<String, Object> getSystemEnvironment() {
            Map<String, Object> variables = new HashMap<>(super.getSystemEnvironment());
            variables.putAll(GIVEN);
            return variables;
        }
    }

    @Test
    void debugPeerSyncTurnsOnTheSyncLoggersNotSpringsDebugAndNodeEnvIsSaidToBeIgnored(CapturedOutput output) {
        Variables.GIVEN.put("DEBUG", "peer-sync:*");
        Variables.GIVEN.put("NODE_ENV", "production");
        try (ConfigurableApplicationContext node = new SpringApplicationBuilder(GalileoSyncApplication.class)
                .environment(new Variables())
                .run("--server.port=0", "--galileo.ingest.port=0", "--galileo.data-dir=" + tmp.resolve("data"),
                        "--galileo.sync.secret=test-team-secret", "--spring.jmx.enabled=false")) {
            LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
            assertThat(logging.getLoggerConfiguration("io.galileosync.sync").getEffectiveLevel())
                    .isEqualTo(LogLevel.DEBUG);
            assertThat(logging.getLoggerConfiguration("io.galileosync.discovery").getEffectiveLevel())
                    .isEqualTo(LogLevel.DEBUG);
            assertThat(logging.getLoggerConfiguration("io.galileosync.ingest").getEffectiveLevel())
                    .isEqualTo(LogLevel.INFO);
            assertThat(logging.getLoggerConfiguration("org.springframework.boot").getEffectiveLevel())
                    .as("Spring's own debug output stays off").isEqualTo(LogLevel.INFO);
            assertThat(node.getEnvironment().getProperty("debug")).isEqualTo("false");
            // the console, as captured: a log file of its own depends on which test started logging first
            String logged = output.getAll();
            assertThat(logged).contains("DEBUG=peer-sync:* is the original app's debug switch: debug logging for"
                            + " [io.galileosync.sync, io.galileosync.discovery, io.galileosync.legacy]")
                    .contains("NODE_ENV=production is the original app's setting and is ignored")
                    .doesNotContain("CONDITIONS EVALUATION REPORT");
        } finally {
            Variables.GIVEN.clear();
        }
    }
}
