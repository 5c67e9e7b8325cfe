package io.galileosync.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The original Node app's environment switches, read as what they meant there. {@code DEBUG} there selects debug
 * namespaces ({@code DEBUG=peer-sync:*}); here Spring would take any {@code DEBUG} as its own framework-wide debug
 * switch, so a value in the namespace syntax (with {@code :} or {@code *}) turns on our loggers for those
 * namespaces instead, and Spring's debug stays off. {@code NODE_ENV} means nothing here (there is no development
 * mode): it is ignored, and the log says so.
 */
class OriginalAppEnvironment implements EnvironmentPostProcessor {

    static final String SOURCE = "originalAppEnvironment";
    /** The original app's debug namespaces (the part before the first ':') and the loggers that do that job here. */
    private static final Map<String, List<String>> NAMESPACES = Map.of(
            "*", List.of("io.galileosync"),
            "peer-sync", List.of("io.galileosync.sync", "io.galileosync.discovery", "io.galileosync.legacy"),
            "tcp", List.of("io.galileosync.ingest"),
            "galileosky", List.of("io.galileosync.ingest"));

    private final Log log;

    OriginalAppEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(OriginalAppEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        String debug = environment.getProperty("DEBUG");
        if (debug != null && (debug.contains(":") || debug.contains("*"))) {
            mapped.put("debug", "false");
            Set<String> loggers = new LinkedHashSet<>();
            List<String> unknown = new ArrayList<>();
            for (String namespace : debug.split("[,\\s]+")) {
                if (namespace.isEmpty() || namespace.startsWith("-")) {
                    continue; // "-name" excludes a namespace: nothing is on unless named
                }
                String head = namespace.equals("*") ? "*" : namespace.split(":", 2)[0].toLowerCase(Locale.ROOT);
                List<String> ours = NAMESPACES.get(head);
                if (ours == null) {
                    unknown.add(namespace);
                } else {
                    loggers.addAll(ours);
                }
            }
            loggers.forEach(logger -> mapped.put("logging.level." + logger, "DEBUG"));
            log.info("DEBUG=" + debug + " is the original app's debug switch: debug logging for " + loggers
                    + (unknown.isEmpty() ? "" : "; no namespace here is called " + unknown)
                    + " (not Spring's framework-wide debug output)");
        }
        String nodeEnv = environment.getProperty("NODE_ENV");
        if (nodeEnv != null) {
            log.info("NODE_ENV=" + nodeEnv + " is the original app's setting and is ignored: this node has no"
                    + " development mode (its settings are galileo.*, see the README)");
        }
        if (!mapped.isEmpty()) {
            // first: above the environment variable DEBUG, which Spring reads as debug=true
            environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, mapped));
        }
    }
}
