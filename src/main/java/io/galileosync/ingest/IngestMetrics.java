package io.galileosync.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/** The ingest's Micrometer meters, all under {@code galileo.ingest.*}. */
@Component
public class IngestMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter accepted;
    private final Counter refused;
    private final Counter records;
    private final Counter crcErrors;
    private final Counter decodeErrors;
    private final Counter quarantined;
    private final Counter unacknowledged;
    private final Counter conflicts;
    private final Counter unstorableRecords;
    private final Timer ackLatency;
    private final ConcurrentHashMap<String, Counter> packets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> closed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> commands = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> quarantineDropped = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("galileo.ingest.connections.active", connections);
        accepted = counter("galileo.ingest.connections", "outcome", "accepted");
        refused = counter("galileo.ingest.connections", "outcome", "refused");
        records = counter("galileo.ingest.records");
        crcErrors = counter("galileo.ingest.crc.errors");
        decodeErrors = counter("galileo.ingest.decode.errors");
        quarantined = counter("galileo.ingest.quarantined");
        unacknowledged = counter("galileo.ingest.unacknowledged");
        conflicts = Counter.builder("galileo.ingest.conflicts")
                .description("records a tracker sent again with other content than the version held (the held"
                        + " version stays)").register(registry);
        unstorableRecords = Counter.builder("galileo.ingest.records.unstorable")
                .description("records the store's rules refuse (a bad IMEI or position, a device time beyond now +"
                        + " max-future-skew): their packet is quarantined instead")
                .register(registry);
        ackLatency = Timer.builder("galileo.ingest.ack.latency")
                .description("from a whole frame received to its ACK written, commit included")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }

    public int activeConnections() {
        return connections.get();
    }

    /** @param gauged what the gauge of connections not yet proven reads */
    <T> void unprovenGauge(T gauged, ToDoubleFunction<T> unproven) {
        registry.gauge("galileo.ingest.connections.unproven", gauged, unproven);
    }

    void connectionOpened() {
        accepted.increment();
        connections.incrementAndGet();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    void connectionRefused() {
        refused.increment();
    }

    /** A connection closed by us, by reason (garbage, error, idle, unproven, evicted). */
    void closedBy(String reason) {
        closed.computeIfAbsent(reason, r -> counter("galileo.ingest.closed", "reason", r)).increment();
    }

    void packet(String type) {
        packets.computeIfAbsent(type, t -> counter("galileo.ingest.packets", "type", t)).increment();
    }

    /** Command traffic, by event (sent, replied, photo, photo-failed). */
    void commands(String event, int count) {
        commands.computeIfAbsent(event, e -> counter("galileo.ingest.commands", "event", e)).increment(count);
    }

    void records(int count) {
        records.increment(count);
    }

    void crcError() {
        crcErrors.increment();
    }

    void decodeError() {
        decodeErrors.increment();
    }

    void quarantined() {
        quarantined.increment();
    }

    void unacknowledged() {
        unacknowledged.increment();
    }

    void conflict() {
        conflicts.increment();
    }

    void unstorableRecords(int count) {
        unstorableRecords.increment(count);
    }

    /** Quarantined packets dropped, by reason (size, age). */
    void quarantineDropped(String reason, long count) {
        quarantineDropped.computeIfAbsent(reason, r -> counter("galileo.ingest.quarantine.dropped", "reason", r))
                .increment(count);
    }

    void acked(long receivedNanos) {
        ackLatency.record(Duration.ofNanos(System.nanoTime() - receivedNanos));
    }
}
