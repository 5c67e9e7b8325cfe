package io.galileosync.ingest;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a tracker port that cannot be bound into Spring Boot's short startup failure report (as for a taken
 * HTTP port) instead of a stack trace; the application then exits with a non-zero status. Registered in
 * {@code META-INF/spring.factories}.
 */
class TrackerPortFailureAnalyzer extends AbstractFailureAnalyzer<TrackerPortException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TrackerPortException cause) {
        String description = cause.inUse()
                ? "Galileosky TCP port " + cause.port() + " is already in use."
                : "Galileosky TCP port " + cause.port() + " on " + cause.host() + " cannot be bound: "
                        + cause.getCause().getMessage() + ".";
        return new FailureAnalysis(description, "Stop the process that listens on port " + cause.port()
                + ", or give this node another tracker port (galileo.ingest.port, or the TCP_PORT environment"
                + " variable).", cause);
    }
}
