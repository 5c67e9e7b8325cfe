package io.galileosync.web;

import io.galileosync.sync.SyncLog;
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
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates for the web UI as server-sent events: one stream per open page. Every ~2 s, while at least
 * one page listens, a {@code status} event (the node snapshot), a {@code log} event with the sync-log entries
 * written since the last tick (oldest first), and a {@code charts} event when records or the log changed
 * (or every 30 s). One shared snapshot per tick, whatever the number of pages; at most {@link #MAX_STREAMS}.
 * The ticker runs between the application's start and the web server's graceful shutdown, which would
 * otherwise wait for open streams to end.
 */
@Component
class LiveEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    static final int MAX_STREAMS = 32;
    static final long TICK_MS = 2000;
    private static final long STREAM_TIMEOUT_MS = 30 * 60_000L; // the browser's EventSource reconnects by itself
    private static final long CHARTS_REFRESH_MS = 30_000;

    private final NodeStatus status;
    private final SyncCharts charts;
    private final SyncLog syncLog;
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService ticker;
    private volatile long lastLogId;
    private volatile Object lastChartKey;
    private volatile long lastChartsAt;

    LiveEvents(NodeStatus status, SyncCharts charts, SyncLog syncLog) {
        this.status = status;
        this.charts = charts;
        this.syncLog = syncLog;
    }

    /** A new stream, or null when {@link #MAX_STREAMS} are open. */
    SseEmitter open() {
        if (emitters.size() >= MAX_STREAMS || ticker == null) {
            return null;
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
                send(emitter, "charts", charts.snapshot());
            } catch (RuntimeException e) {
                log.debug("first live event failed", e);
            }
        });
        return emitter;
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
        List<SyncLog.Entry> entries = syncLog.after(lastLogId);
        if (!entries.isEmpty()) {
            lastLogId = entries.get(entries.size() - 1).id();
            broadcast("log", entries);
        }
        Object key = List.of(snapshot.get("records"), lastLogId);
        long now = System.currentTimeMillis();
        if (!Objects.equals(key, lastChartKey) || now - lastChartsAt > CHARTS_REFRESH_MS) {
            lastChartKey = key;
            lastChartsAt = now;
            broadcast("charts", charts.snapshot());
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

    @Override
    public void start() {
        lastLogId = syncLog.newestId();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ui-live-events");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = ticker;
        ticker = null;
        if (running != null) {
            running.shutdownNow();
        }
        for (SseEmitter emitter : emitters) {
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        emitters.clear();
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    /** Stops before the web server's graceful shutdown (phase {@code Integer.MAX_VALUE - 1024}) waits for requests. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 512;
    }
}
