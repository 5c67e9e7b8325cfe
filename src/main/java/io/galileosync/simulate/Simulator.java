package io.galileosync.simulate;

import io.galileosync.simulate.TrackerConnection.State;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a fleet of simulated trackers against a Galileosky server: every tracker on its own TCP connection, all
 * driven by one thread with one NIO selector (so thousands of trackers cost no threads), under an optional
 * global records-per-second limit. Prints a progress line every second and returns the report when every
 * tracker has delivered its archive or given up.
 */
public final class Simulator {

    /** Connects in progress at once: the server's accept backlog is finite, a fleet ramps up anyway. */
    private static final int MAX_CONNECTING = 64;
    private static final long TIMER_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long PROGRESS_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SimulatorOptions options;
    private final PrintStream progress;
    private final SimulationStats stats = new SimulationStats();
    private final List<TrackerConnection> trackers = new ArrayList<>();
    private final ArrayDeque<TrackerConnection> toConnect = new ArrayDeque<>();
    /** trackers whose next packet waits for the rate limit, first come first served */
    private final ArrayDeque<TrackerConnection> waiting = new ArrayDeque<>();
    private int connecting;
    private int finished;
    private int failed;

    /** @param progress where the once-a-second progress lines go */
    public Simulator(SimulatorOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** @throws IllegalArgumentException when the host cannot be resolved */
    public SimulationReport run() throws IOException {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--host: cannot resolve '" + options.host() + "'");
        }
        long start = System.nanoTime();
        RateLimiter limiter = new RateLimiter(options.rate(), options.perPacket(), start);
        for (int i = 0; i < options.trackers(); i++) {
            TrackerConnection tracker = new TrackerConnection(i, options, stats);
            trackers.add(tracker);
            toConnect.add(tracker);
        }
        try (Selector selector = Selector.open()) {
            long nextTimers = start + TIMER_PERIOD_NANOS;
            long nextProgress = start + PROGRESS_PERIOD_NANOS;
            long lastAcked = 0;
            while (finished < trackers.size()) {
                long now = System.nanoTime();
                while (connecting < MAX_CONNECTING && !toConnect.isEmpty()) {
                    TrackerConnection tracker = toConnect.poll();
                    tracker.connect(selector, address, now);
                    settle(tracker, State.NEW);
                }
                long wake = Math.min(nextTimers, nextProgress);
                while (!waiting.isEmpty()) {
                    TrackerConnection tracker = waiting.peek();
                    if (tracker.state() != State.READY) {
                        waiting.poll(); // lost its connection while it waited; it queues again when ready
                        continue;
                    }
                    if (!limiter.tryAcquire(tracker.nextPacketRecords(), now)) {
                        wake = Math.min(wake, now + limiter.nanosUntil(tracker.nextPacketRecords(), now));
                        break;
                    }
                    waiting.poll();
                    tracker.sendNext(now);
                    settle(tracker, State.READY);
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wake - now)));
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    TrackerConnection tracker = (TrackerConnection) key.attachment();
                    State before = tracker.state();
                    tracker.onSelected(now);
                    settle(tracker, before);
                }
                selector.selectedKeys().clear();
                if (now >= nextTimers) {
                    for (TrackerConnection tracker : trackers) {
                        State before = tracker.state();
                        tracker.checkTimers(now);
                        settle(tracker, before);
                    }
                    nextTimers = now + TIMER_PERIOD_NANOS;
                }
                if (now >= nextProgress) {
                    long acked = stats.recordsAcked();
                    printProgress(now - start, acked, acked - lastAcked);
                    lastAcked = acked;
                    nextProgress += PROGRESS_PERIOD_NANOS;
                }
            }
        } finally {
            trackers.forEach(TrackerConnection::close);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return stats.report(trackers.size(), failed, options.totalRecords(), seconds);
    }

    /** Bookkeeping for a tracker that went from {@code before} to its current state. */
    private void settle(TrackerConnection tracker, State before) {
        State now = tracker.state();
        if (now == before) {
            return;
        }
        if (before == State.CONNECTING) {
            connecting--;
        }
        switch (now) {
            case CONNECTING -> connecting++;
            case READY -> waiting.add(tracker);
            case NEW -> toConnect.add(tracker);
            case DONE -> finished++;
            case FAILED -> {
                finished++;
                failed++;
            }
            default -> {
                // SENDING, AWAITING_ACK, RECONNECT_WAIT: the tracker's own business
            }
        }
    }

    private void printProgress(long elapsedNanos, long acked, long lastSecond) {
        long connected = trackers.stream().filter(t -> switch (t.state()) {
            case SENDING, AWAITING_ACK, READY -> true;
            default -> false;
        }).count();
        progress.printf("%5d s  %,d of %,d records acked (%,d/s)  %d/%d trackers connected, %d done  "
                        + "resends %d  errors %d%n", TimeUnit.NANOSECONDS.toSeconds(elapsedNanos), acked,
                options.totalRecords(), lastSecond, connected, trackers.size(), finished, stats.resends(),
                stats.errorCount());
    }
}
