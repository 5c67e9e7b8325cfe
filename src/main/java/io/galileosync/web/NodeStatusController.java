package io.galileosync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** This node at a glance, for the web UI (the same data also streams on {@code /api/events}). */
@RestController
@RequestMapping("/api/node")
@Tag(name = "Node")
class NodeStatusController {

    private final NodeStatus status;
    private final SyncCharts charts;

    NodeStatusController(NodeStatus status, SyncCharts charts) {
        this.status = status;
        this.charts = charts;
    }

    @GetMapping("/status")
    @Operation(operationId = "nodeStatus",
            summary = "Name, id, version, uptime, records, devices, trackers connected now, database size, ports, URLs")
    Map<String, Object> status() {
        return status.snapshot();
    }

    @GetMapping("/charts")
    @Operation(operationId = "nodeCharts",
            summary = "Records stored per minute (last hour, local ingest and from peers) and sync volume per peer")
    Map<String, Object> charts() {
        return charts.snapshot();
    }
}
