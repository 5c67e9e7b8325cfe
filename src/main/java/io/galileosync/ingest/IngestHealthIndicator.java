package io.galileosync.ingest;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health contributor {@code ingest}: up while the Galileosky port is bound. */
@Component("ingest")
class IngestHealthIndicator implements HealthIndicator {

    private final IngestServer server;
    private final IngestMetrics metrics;

    IngestHealthIndicator(IngestServer server, IngestMetrics metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    @Override
    public Health health() {
        Health.Builder health = server.isRunning() ? Health.up() : Health.down();
        return health.withDetail("port", server.port())
                .withDetail("connections", metrics.activeConnections())
                .build();
    }
}
