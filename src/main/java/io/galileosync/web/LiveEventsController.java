package io.galileosync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates for the web UI as server-sent events: one stream per open page. Every ~2 s, while at least
 * one page listens, a {@code status} event (the node snapshot), a {@code log} event with the sync-log entries
 * written since the last tick (oldest first), and a {@code charts} event when records or the log changed
 * (or every 30 s). One shared snapshot per tick, whatever the number of pages; at most {@link #MAX_STREAMS}.
 */
@RestController
@Tag(name = "Web UI")
class LiveEventsController implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveEventsController.class);
    static final int MAX_STREAMS = 32;
    static final long TICK_MS = 2000;
    private static final long STREAM_TIMEOUT_MS = 30 * 60_000L; // the browser's EventSource reconnects by itself

    private final NodeStatus status;
    private final SyncCharts charts;
    private final JdbcClient jdbc;
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ui-live-events");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long lastLogId;
    private volatile Object lastChartKey;
    private volatile long lastChartsAt;
    private volatile Map<String, Object> lastCharts;

    LiveEventsController(NodeStatus status, SyncCharts charts, JdbcClient jdbc) {
        this.status = status;
        this.charts = charts;
        this.jdbc = jdbc;
        this.lastLogId = newestLogId();
        ticker.scheduleWithFixedDelay(this::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** A sync-log entry, with the same field names as {@code GET /api/peer/log}. */
    record LogEntry(long id, String peerUrl, String peerNode, String triggerKind, long startedAt, long durationMs,
                    String outcome, long newRecords, long sentRecords, long conflicts, long bytesIn, long bytesOut,
                    String error) {
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-sent events: status every ~2 s, new sync-log entries, chart data")
    SseEmitter events() {
        if (emitters.size() >= MAX_STREAMS) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "too many live views are open (" + MAX_STREAMS + "); close a tab and reload");
        }
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> {
            emitters.remove(emitter);
            emitter.complete();
        });
        emitter.onError(e -> emitters.remove(emitter));
        emitters.add(emitter);
        ticker.execute(() -> {
            // the first view at once, off the request thread
            try {
                send(emitter, "status", status.snapshot());
                send(emitter, "charts", currentCharts(true));
            } catch (RuntimeException e) {
                log.debug("first live event failed", e);
            }
        });
        return emitter;
    }

    int streams() {
        return emitters.size();
    }

    private void tickSafely() {
        if (emitters.isEmpty()) {
            return;
        }
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("live UI update failed: {}", e.toString());
        }
    }

    private void tick() {
        Map<String, Object> snapshot = status.snapshot();
        broadcast("status", snapshot);
        List<LogEntry> entries = jdbc.sql("""
                select id, peer_url, peer_node, trigger_kind, started_at, duration_ms, outcome, new_records,
                    sent_records, conflicts, bytes_in, bytes_out, error
                from sync_log where id > ? order by id""").param(lastLogId).query(LogEntry.class).list();
        if (!entries.isEmpty()) {
            lastLogId = entries.get(entries.size() - 1).id();
            broadcast("log", entries);
        }
        Object key = List.of(snapshot.get("records"), lastLogId);
        boolean changed = !Objects.equals(key, lastChartKey);
        if (changed || System.currentTimeMillis() - lastChartsAt > 30_000) {
            lastChartKey = key;
            broadcast("charts", currentCharts(true));
        }
    }

    private Map<String, Object> currentCharts(boolean fresh) {
        if (fresh || lastCharts == null) {
            lastCharts = charts.snapshot();
            lastChartsAt = System.currentTimeMillis();
        }
        return lastCharts;
    }

    private long newestLogId() {
        try {
            return jdbc.sql("select coalesce(max(id), 0) from sync_log").query(Long.class).single();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void broadcast(String event, Object data) {
        for (SseEmitter emitter : emitters) {
            send(emitter, event, data);
        }
    }

    private void send(SseEmitter emitter, String event, Object data) {
        try {
            emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            // the page went away: forget it (completing an already broken stream is harmless)
            emitters.remove(emitter);
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // already completed
            }
        }
    }

    /** Before the web server's graceful shutdown, which would otherwise wait for open streams to end. */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        destroy();
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        for (SseEmitter emitter : emitters) {
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        emitters.clear();
    }
}
