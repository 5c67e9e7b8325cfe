package io.galileosync.discovery;

import io.galileosync.access.TeamSecret;
import io.galileosync.store.NodeIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * LAN discovery: announces this node and browses for others by two independent mechanisms, each switchable —
 * mDNS/DNS-SD ({@code galileo.discovery.mdns}) and the UDP broadcast beacon ({@code galileo.discovery.beacon}).
 * Browsing starts with the application; announcing starts once the web server is up (its real port is what is
 * announced). What is found goes to {@link DiscoveredPeers}. Failures (no multicast, beacon port taken, no
 * interfaces) are logged once and never stop the application. It is a little over the usual size because
 * it owns the lifecycle of both mechanisms and their one executor; the mechanisms themselves are their own classes.
 */
@Component
public class DiscoveryService implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryService.class);

    private final DiscoveryProperties properties;
    private final NodeIdentity identity;
    private final NodeAddresses addresses;
    private final DiscoveredPeers peers;
    private final DiscoveryMetrics metrics;
    private final String version;
    private final TeamSecret secret;

    private final Object lock = new Object();
    private boolean running;
    private boolean announcing = true;
    private ScheduledExecutorService executor;
    private BeaconDiscovery beacon;
    private MdnsDiscovery mdns;

    public DiscoveryService(DiscoveryProperties properties, NodeIdentity identity, NodeAddresses addresses,
            DiscoveredPeers peers, DiscoveryMetrics metrics, ObjectProvider<BuildProperties> build,
            TeamSecret teamSecret) {
        this.properties = properties;
        this.identity = identity;
        this.addresses = addresses;
        this.peers = peers;
        this.metrics = metrics;
        BuildProperties buildProperties = build.getIfAvailable();
        this.version = buildProperties != null && buildProperties.getVersion() != null ? buildProperties.getVersion()
                : "dev";
        // asked on every beacon: the secret changes when this node joins another team
        this.secret = teamSecret;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String namespace = event.getApplicationContext().getServerNamespace();
        if (namespace != null && !namespace.isEmpty()) {
            return; // e.g. a separate management server: not the API peers talk to
        }
        addresses.httpPort(event.getWebServer().getPort());
        synchronized (lock) {
            if (running && executor != null) {
                executor.execute(this::announceNow);
            }
        }
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            if (!properties.enabled()) {
                log.info("LAN discovery disabled (galileo.discovery.enabled=false)");
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "galileo-discovery");
                thread.setDaemon(true);
                return thread;
            });
            if (properties.beacon()) {
                BeaconDiscovery created = new BeaconDiscovery(properties, identity.nodeId(), secret::key, peers, metrics);
                try {
                    created.open();
                    beacon = created;
                    long interval = properties.beaconInterval().toMillis();
                    executor.scheduleAtFixedRate(this::beaconTick, interval, interval, TimeUnit.MILLISECONDS);
                } catch (IOException | RuntimeException e) {
                    log.warn("UDP discovery beacon unavailable: {}", e.toString());
                    created.close();
                }
            }
            if (properties.mdns()) {
                executor.execute(this::startMdns);
            }
            long purge = Math.max(1000, properties.beaconInterval().toMillis());
            executor.scheduleWithFixedDelay(peers::purge, purge, purge, TimeUnit.MILLISECONDS);
            if (addresses.httpPort() > 0) {
                executor.execute(this::announceNow);
            }
        }
    }

    private void startMdns() {
        MdnsDiscovery created = new MdnsDiscovery(identity.nodeId(), peers);
        try {
            InetAddress address = mdnsAddress();
            created.start(address, "galileo-" + shortId());
            synchronized (lock) {
                if (!running) {
                    closeQuietly(created);
                    return;
                }
                mdns = created;
            }
            metrics.mdnsActive(true);
            announceMdns();
        } catch (IOException | RuntimeException e) {
            log.warn("mDNS/DNS-SD discovery unavailable ({}); LAN discovery continues with the UDP beacon"
                    + " where enabled", e.toString());
            closeQuietly(created);
        }
    }

    private InetAddress mdnsAddress() throws IOException {
        if (properties.mdnsAddress() != null && !properties.mdnsAddress().isBlank()) {
            return InetAddress.getByName(properties.mdnsAddress().trim());
        }
        List<InetAddress> candidates = addresses.hostAddresses();
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    /** Starts or stops announcing this node (browsing goes on); e.g. when the peer server is closed. */
    public void announce(boolean on) {
        synchronized (lock) {
            announcing = on;
            if (executor == null) {
                return;
            }
            if (on) {
                executor.execute(this::announceNow);
            } else {
                executor.execute(() -> {
                    MdnsDiscovery m = mdns;
                    if (m != null) {
                        m.unannounce();
                    }
                });
            }
        }
    }

    private void announceNow() {
        announceMdns();
        beaconTick();
    }

    private void beaconTick() {
        try {
            BeaconDiscovery b = beacon;
            if (b == null || !announcing || addresses.httpPort() <= 0) {
                return;
            }
            String api = addresses.primaryApiUrl();
            b.send(() -> Beacon.of(identity.nodeId(), identity.name(), api, addresses.httpPort(), version, secret.key()));
        } catch (RuntimeException e) {
            log.warn("Discovery beacon failed", e);
        }
    }

    private void announceMdns() {
        MdnsDiscovery m = mdns;
        if (m == null || !announcing || addresses.httpPort() <= 0) {
            return;
        }
        try {
            String api = apiUrlFor(m.address());
            m.announce(identity.name() + " (" + shortId() + ")", addresses.httpPort(), identity.nodeId(),
                    identity.name(), api, version);
        } catch (IOException | RuntimeException e) {
            log.warn("mDNS announce failed: {}", e.toString());
        }
    }

    private String apiUrlFor(InetAddress address) {
        if (address != null && !address.isAnyLocalAddress()) {
            String url = "http://" + address.getHostAddress() + ":" + addresses.httpPort();
            if (addresses.apiUrls().contains(url) || address.isLoopbackAddress()) {
                return url;
            }
        }
        return addresses.primaryApiUrl();
    }

    private String shortId() {
        String id = identity.nodeId();
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex;
        BeaconDiscovery b;
        MdnsDiscovery m;
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            ex = executor;
            b = beacon;
            m = mdns;
            executor = null;
            beacon = null;
            mdns = null;
        }
        if (ex != null) {
            ex.shutdownNow();
        }
        if (b != null) {
            b.close();
            peers.clear(DiscoveredPeer.BEACON);
        }
        if (m != null) {
            metrics.mdnsActive(false);
            // JmDNS says goodbye and may take seconds to close: don't hold the shutdown for more than a moment
            Thread closer = new Thread(() -> closeQuietly(m), "galileo-discovery-mdns-close");
            closer.setDaemon(true);
            closer.start();
            try {
                closer.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(MdnsDiscovery m) {
        try {
            m.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing mDNS: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }
}
