package io.galileosync.sync;

import io.galileosync.discovery.DiscoveredPeer;
import io.galileosync.discovery.DiscoveredPeers;
import io.galileosync.discovery.DiscoveryService;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Discovery and the sync engine, wired: announcing follows the peer server (open/closed), and a known peer
 * whose node id shows up on the LAN at a new address moves there (settings kept, so auto-sync follows it) only
 * after that address proves the team secret with a signed status answer naming that node id. Anyone can
 * announce a known node's id; only a team member can sign for it. Peers heard of from other peers ("peer")
 * never move a known peer. Proofs run one at a time, at most one per node and address every
 * {@value #RETRY_MS} ms, so announcements cannot flood this node with probes.
 */
@Component
class DiscoveryWiring implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryWiring.class);
    static final long RETRY_MS = 30_000;

    private final KnownPeers peers;
    private final PeerChecker checker;
    private final SyncScheduler scheduler;
    private final Map<String, Long> lastProbe = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor probes = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(16), r -> {
                Thread thread = new Thread(r, "peer-relocation");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

    DiscoveryWiring(DiscoveredPeers discovered, KnownPeers peers, PeerChecker checker, SyncScheduler scheduler,
                    PeerServer server, DiscoveryService discovery) {
        this.peers = peers;
        this.checker = checker;
        this.scheduler = scheduler;
        // announce only while the peer server is open (POST /api/peer/start, /stop)
        discovery.announce(server.isOpen());
        server.onChange(discovery::announce);
        discovered.addListener(this::seen);
    }

    private void seen(DiscoveredPeer peer) {
        if (DiscoveredPeer.PEER.equals(peer.via()) || !peers.knownElsewhere(peer.nodeId(), peer.apiUrl())) {
            return;
        }
        String key = peer.nodeId() + " " + peer.apiUrl();
        long now = System.currentTimeMillis();
        Long last = lastProbe.get(key);
        if (last != null && now - last < RETRY_MS) {
            return;
        }
        if (lastProbe.size() > 10_000) {
            lastProbe.clear();
        }
        lastProbe.put(key, now);
        probes.execute(() -> prove(peer));
    }

    private void prove(DiscoveredPeer peer) {
        try {
            PeerChecker.PeerProbe probe = checker.check(peer.apiUrl());
            if (!Boolean.TRUE.equals(probe.sameTeam()) || !peer.nodeId().equals(probe.nodeId())) {
                log.warn("known peer {} announced at {}, which does not prove this team's secret ({}): not followed",
                        peer.nodeId(), peer.apiUrl(), probe.error() == null ? "another node id" : probe.error());
                return;
            }
            if (peers.relocate(peer.nodeId(), peer.apiUrl())) {
                scheduler.soon();
            }
        } catch (RuntimeException e) {
            log.warn("could not update the address of known peer {}: {}", peer.nodeId(), e.toString());
        }
    }

    @Override
    public void destroy() {
        probes.shutdownNow();
    }
}
