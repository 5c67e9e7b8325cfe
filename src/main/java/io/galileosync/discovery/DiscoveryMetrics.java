package io.galileosync.discovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * Discovery's Micrometer meters, under {@code galileo.discovery.*} (the peer gauge lives in
 * {@link DiscoveredPeers}).
 */
@Component
public class DiscoveryMetrics {

    private final Counter sent;
    private final Counter received;
    private final Counter own;
    private final Counter oversize;
    private final Counter malformed;
    private final Counter badSignature;
    private final Counter sendErrors;
    private final AtomicBoolean mdnsActive = new AtomicBoolean();

    public DiscoveryMetrics(MeterRegistry registry) {
        sent = Counter.builder("galileo.discovery.beacons.sent").description("beacon datagrams sent")
                .register(registry);
        received = Counter.builder("galileo.discovery.beacons.received")
                .description("valid beacons received from other nodes").register(registry);
        own = Counter.builder("galileo.discovery.beacons.own").description("own beacons heard back, ignored")
                .register(registry);
        oversize = rejected(registry, "oversize");
        malformed = rejected(registry, "malformed");
        badSignature = rejected(registry, "signature");
        sendErrors = Counter.builder("galileo.discovery.beacons.send.errors")
                .description("beacon datagrams that could not be sent").register(registry);
        Gauge.builder("galileo.discovery.mdns.active", mdnsActive, active -> active.get() ? 1 : 0)
                .description("1 while mDNS/DNS-SD runs, 0 when off or unavailable").register(registry);
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder("galileo.discovery.beacons.rejected").tag("reason", reason)
                .description("datagrams at the beacon port dropped").register(registry);
    }

    void sent() {
        sent.increment();
    }

    void sendError() {
        sendErrors.increment();
    }

    void received() {
        received.increment();
    }

    void own() {
        own.increment();
    }

    void oversize() {
        oversize.increment();
    }

    void malformed() {
        malformed.increment();
    }

    void badSignature() {
        badSignature.increment();
    }

    void mdnsActive(boolean active) {
        mdnsActive.set(active);
    }

    public double beaconsSent() {
        return sent.count();
    }

    public double beaconsOwn() {
        return own.count();
    }

    public double beaconsRejected() {
        return oversize.count() + malformed.count() + badSignature.count();
    }
}
