package io.galileosync.legacy;

import io.galileosync.ingest.IngestMetrics;
import io.galileosync.store.RecordStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original app's {@code GET /api/status}, which its page calls to check a peer before pushing to it: only
 * while legacy push is on (public then, see {@link LegacyWebAccess}), in its shape.
 */
@RestController
@Tag(name = "Migration")
@ConditionalOnProperty(name = "galileo.sync.legacy-push-enabled", havingValue = "true")
class LegacyApiStatus {

    private final RecordStore store;
    private final IngestMetrics ingest;

    LegacyApiStatus(RecordStore store, IngestMetrics ingest) {
        this.store = store;
        this.ingest = ingest;
    }

    @GetMapping(LegacyWebAccess.API_STATUS)
    @Operation(operationId = "legacyApiStatus", summary = "The original app's status check (only while"
            + " galileo.sync.legacy-push-enabled; public then)")
    Map<String, Object> status() {
        long devices = store.deviceCount();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", "running");
        status.put("tcpConnections", ingest.activeConnections());
        status.put("totalDevices", devices);
        status.put("activeDevices", devices);
        status.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        status.put("memory", Map.of("rss", Runtime.getRuntime().totalMemory(), "heapTotal", heap.getCommitted(),
                "heapUsed", heap.getUsed(), "external", 0));
        status.put("timestamp", Instant.now().toString());
        return status;
    }
}
