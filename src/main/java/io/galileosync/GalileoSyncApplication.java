package io.galileosync;

import io.galileosync.backup.RestoreCommand;
import io.galileosync.config.HeapReturn;
import io.galileosync.simulate.SimulateCommand;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

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
        application.run(args);
        HeapReturn.releaseStartupGarbage();
    }
}
