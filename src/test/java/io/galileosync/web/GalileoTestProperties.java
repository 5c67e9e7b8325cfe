package io.galileosync.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * What a {@code @SpringBootTest} of this application needs: a data folder of its own under
 * {@code target/test-data} (so its H2 database starts empty and never touches {@code ./data}), an
 * ephemeral ingest TCP port (no clash with a running node or another test JVM). LAN discovery is off in
 * every test context (src/test/resources/config/application.properties).
 *
 * <p>The folder is made per application context, and Spring caches a context for every test class with the
 * same configuration: such classes share one database, so a test clears the tables it fills.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = "galileo.ingest.port=0")
@ContextConfiguration(initializers = GalileoTestProperties.FreshDataDir.class)
public @interface GalileoTestProperties {

    /** Points {@code galileo.data-dir} (and with it the database URL) at a new folder. */
    class FreshDataDir implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Path dir = Path.of("target", "test-data", UUID.randomUUID().toString()).toAbsolutePath();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TestPropertyValues.of("galileo.data-dir=" + dir).applyTo(context);
        }
    }
}
