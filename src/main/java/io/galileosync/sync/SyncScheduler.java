package io.galileosync.sync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Auto-sync: every {@code interval}, syncs each known, enabled peer that is not already syncing and not
 * backing off, at most {@code maxConcurrent} at a time. A failing peer waits interval × 2^failures (capped
 * at {@code maxBackoff}). Also runs retention on its own period, through the record writer.
 */
@Component
class SyncScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

    private final SyncService sync;
    private final PeerServer server;
    private final KnownPeers peers;
    private final Retention retention;
    private final SyncProperties settings;
    private final AutoSyncSettings auto;
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private ExecutorService workers;
    private Semaphore slots;
    private java.util.concurrent.ScheduledFuture<?> nextTick;

    SyncScheduler(SyncService sync, PeerServer server, KnownPeers peers, Retention retention,
                  SyncProperties settings, AutoSyncSettings auto) {
        this.auto = auto;
        auto.onChange(interval -> schedule(interval.toMillis()));
        this.sync = sync;
        this.server = server;
        this.peers = peers;
        this.retention = retention;
        this.settings = settings;
    }

    private record Backoff(int failures, long notBefore) {
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sync-scheduler"));
        workers = Executors.newCachedThreadPool(r -> new Thread(r, "sync-worker"));
        slots = new Semaphore(Math.max(1, settings.maxConcurrent()));
        schedule(auto.interval().toMillis());
        long retentionMs = settings.retentionInterval().toMillis();
        // the first run one period after the start, not at it: with limits set it reads every record
        timer.scheduleWithFixedDelay(this::prune, retentionMs, retentionMs, TimeUnit.MILLISECONDS);
    }

    /** The next auto-sync round in {@code delay} ms, then every (current) interval; replaces the pending one. */
    private synchronized void schedule(long delay) {
        if (timer == null || timer.isShutdown()) {
            return;
        }
        if (nextTick != null) {
            nextTick.cancel(false);
        }
        nextTick = timer.schedule(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("auto-sync round failed: {}", e.toString());
            } finally {
                schedule(auto.interval().toMillis());
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** A known peer moved (discovery): try the auto-sync round soon rather than after a whole interval. */
    void soon() {
        schedule(1000);
    }

    void tick() {
        if (!server.isOpen()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (KnownPeers.Peer peer : peers.list()) {
            Backoff wait = backoff.get(peer.url());
            if (!peer.enabled() || (wait != null && wait.notBefore() > now)
                    || running.putIfAbsent(peer.url(), Boolean.TRUE) != null) {
                continue;
            }
            workers.execute(() -> syncOne(peer.url()));
        }
    }

    private void syncOne(String url) {
        try {
            slots.acquire();
            try {
                sync.sync(url, "auto");
                backoff.remove(url);
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Backoff previous = backoff.getOrDefault(url, new Backoff(0, 0));
            int failures = previous.failures() + 1;
            long delay = Math.min(settings.maxBackoff().toMillis(),
                    auto.interval().toMillis() << Math.min(failures, 20));
            backoff.put(url, new Backoff(failures, System.currentTimeMillis() + delay));
            log.debug("auto-sync with {} failed ({} in a row), next try in {} ms", url, failures, delay);
        } finally {
            running.remove(url);
        }
    }

    private void prune() {
        try {
            retention.prune();
        } catch (RuntimeException e) {
            log.warn("retention failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }

    /** Starts after the record writer and stops before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
