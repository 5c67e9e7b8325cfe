package io.galileosync;

import io.galileosync.backup.RestoreCommand;
import io.galileosync.config.HeapReturn;
import io.galileosync.simulate.SimulateCommand;
import jakarta.persistence.EntityManagerFactory;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GalileoSyncApplication {

    /**
     * The original app's environment variables, as the lowest-precedence defaults: command-line arguments,
     * system properties and {@code application.properties} beside the jar all override them.
     */
    static final Map<String, Object> ENVIRONMENT_ALIASES = Map.of(
            "server.port", "${HTTP_PORT:3001}",
            "galileo.ingest.port", "${TCP_PORT:3003}",
            "galileo.data-dir", "${GALILEO_DATA_DIR:./data}");

    public static void main(String[] args) {
        // tools in the same jar: no Spring
        if (args.length > 0 && args[0].equals(SimulateCommand.NAME)) {
            System.exit(SimulateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(RestoreCommand.NAME)) {
            System.exit(RestoreCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        HeapReturn.apply();
        SpringApplication application = new SpringApplication(GalileoSyncApplication.class);
        application.setDefaultProperties(ENVIRONMENT_ALIASES);
        ConfigurableApplicationContext context = application.run(args);
        awaitQueries(context);
        HeapReturn.releaseStartupGarbage();
    }

    /**
     * Waits for the query side's JPA, which is built in the background once the node is ready
     * ({@code config.JpaOnFirstUse}), so that the start's garbage is collected with its garbage.
     */
    private static void awaitQueries(ConfigurableApplicationContext context) {
        try {
            context.getBean(EntityManagerFactory.class);
        } catch (RuntimeException e) {
            // logged by the build itself; the node runs on, without its record and quarantine queries
        }
    }
}
