package io.galileosync.discovery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The peers discovery currently sees on the LAN: the whole surface the sync engine uses.
 *
 * <p>Bounded: at most {@code galileo.discovery.max-peers} entries (least recently heard dropped first). A peer
 * found by the beacon is forgotten when not heard for 3 beacon intervals; one found by mDNS when mDNS says it
 * left. Listeners are told when a peer appears (or reappears after being forgotten) or changes its name or API
 * URL, once per discovery mechanism; they run on a discovery thread and must not block.
 */
@Component
public class DiscoveredPeers {

    private static final Logger log = LoggerFactory.getLogger(DiscoveredPeers.class);

    private final int maxPeers;
    private final Duration beaconExpiry;
    private final Clock clock;
    /** key: via + '|' + nodeId, ordered least recently heard first. */
    private final LinkedHashMap<String, DiscoveredPeer> entries = new LinkedHashMap<>();
    private final List<Consumer<DiscoveredPeer>> listeners = new CopyOnWriteArrayList<>();

    @Autowired
    public DiscoveredPeers(DiscoveryProperties properties, MeterRegistry registry) {
        this(properties, Clock.systemUTC());
        Gauge.builder("galileo.discovery.peers", this, peers -> peers.current().size())
                .description("distinct peers currently discovered on the LAN").register(registry);
    }

    DiscoveredPeers(DiscoveryProperties properties, Clock clock) {
        this.maxPeers = properties.maxPeers();
        this.beaconExpiry = properties.beaconExpiry();
        this.clock = clock;
    }

    /** Peers seen now, one per node id (the most recently heard entry), ordered by name then node id. */
    public List<DiscoveredPeer> current() {
        Map<String, DiscoveredPeer> byNode = new LinkedHashMap<>();
        synchronized (entries) {
            purgeExpired();
            for (DiscoveredPeer peer : entries.values()) {
                byNode.merge(peer.nodeId(), peer, DiscoveredPeers::better);
            }
        }
        List<DiscoveredPeer> result = new ArrayList<>(byNode.values());
        result.sort(Comparator.comparing(DiscoveredPeer::name, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(DiscoveredPeer::nodeId));
        return result;
    }

    /** Seen on the LAN beats heard of from a peer; then the most recently heard wins. */
    private static DiscoveredPeer better(DiscoveredPeer a, DiscoveredPeer b) {
        boolean aReported = DiscoveredPeer.PEER.equals(a.via());
        boolean bReported = DiscoveredPeer.PEER.equals(b.via());
        if (aReported != bReported) {
            return aReported ? b : a;
        }
        return b.lastSeen().isAfter(a.lastSeen()) ? b : a;
    }

    /**
     * A node another peer told us about (peer-address exchange after a sync): listed as via {@value
     * DiscoveredPeer#PEER} until the table is full (it does not expire like a beacon sighting).
     */
    public void reported(String nodeId, String name, String apiUrl) {
        if (nodeId == null || nodeId.isBlank() || apiUrl == null || apiUrl.isBlank()) {
            return;
        }
        seen(nodeId, name == null ? nodeId : name, apiUrl, DiscoveredPeer.PEER);
    }

    /**
     * A node that synced with this one (its requests were signed: a member of this team), listed as via {@value
     * DiscoveredPeer#INBOUND} until the table is full, for a person to add.
     */
    public void syncedWithUs(String nodeId, String name, String apiUrl) {
        if (nodeId == null || nodeId.isBlank() || apiUrl == null || apiUrl.isBlank()) {
            return;
        }
        seen(nodeId, name == null ? nodeId : name, apiUrl, DiscoveredPeer.INBOUND);
    }

    /** Calls {@code listener} for every peer that appears or changes address from now on. */
    public void addListener(Consumer<DiscoveredPeer> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Consumer<DiscoveredPeer> listener) {
        listeners.remove(listener);
    }

    /** Records a sighting; tells the listeners if the peer is new (for this mechanism) or changed. */
    void seen(String nodeId, String name, String apiUrl, String via) {
        DiscoveredPeer peer = new DiscoveredPeer(nodeId, name, apiUrl, via, clock.instant());
        boolean news;
        synchronized (entries) {
            purgeExpired();
            DiscoveredPeer previous = entries.remove(key(via, nodeId));
            entries.put(key(via, nodeId), peer);
            while (entries.size() > maxPeers) {
                Iterator<DiscoveredPeer> eldest = entries.values().iterator();
                DiscoveredPeer dropped = eldest.next();
                eldest.remove();
                log.debug("Discovered peer table full ({}), dropped {}", maxPeers, dropped);
            }
            news = previous == null || !previous.apiUrl().equals(apiUrl) || !Objects.equals(previous.name(), name);
        }
        if (news) {
            log.info("Discovered peer {} '{}' at {} via {}", nodeId, name, apiUrl, via);
            for (Consumer<DiscoveredPeer> listener : listeners) {
                try {
                    listener.accept(peer);
                } catch (RuntimeException e) {
                    log.warn("Discovery listener failed for {}", peer, e);
                }
            }
        }
    }

    /** A peer announced (by mDNS) that it left. */
    void gone(String nodeId, String via) {
        synchronized (entries) {
            if (entries.remove(key(via, nodeId)) != null) {
                log.info("Peer {} left ({})", nodeId, via);
            }
        }
    }

    /** Forgets every entry found by {@code via} (that mechanism stopped). */
    void clear(String via) {
        synchronized (entries) {
            entries.values().removeIf(peer -> peer.via().equals(via));
        }
    }

    void purge() {
        synchronized (entries) {
            purgeExpired();
        }
    }

    private void purgeExpired() {
        Instant oldest = clock.instant().minus(beaconExpiry);
        // entries are ordered by last sighting, so expired beacon entries sit at the front (mDNS ones don't expire)
        Iterator<DiscoveredPeer> it = entries.values().iterator();
        while (it.hasNext()) {
            DiscoveredPeer peer = it.next();
            if (!peer.lastSeen().isBefore(oldest)) {
                break;
            }
            if (DiscoveredPeer.BEACON.equals(peer.via())) {
                it.remove();
                log.info("Peer {} '{}' not heard for {}, forgotten", peer.nodeId(), peer.name(), beaconExpiry);
            }
        }
    }

    private static String key(String via, String nodeId) {
        return via + '|' + nodeId;
    }
}
