package io.galileosync.sync;

import io.galileosync.discovery.DiscoveredPeer;
import io.galileosync.discovery.DiscoveredPeers;
import io.galileosync.discovery.DiscoveryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Discovery and the sync engine, wired: announcing follows the peer server (open/closed), and a known peer whose node id shows up on the LAN at a new address gets its
 * stored URL updated (settings kept), so auto-sync follows it. Peers heard of from other peers ("peer") are
 * not trusted for this: only what this node sees itself moves a known peer.
 */
@Component
class DiscoveryWiring {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryWiring.class);

    DiscoveryWiring(DiscoveredPeers discovered, KnownPeers peers, SyncScheduler scheduler, PeerServer server,
                    DiscoveryService discovery) {
        // announce only while the peer server is open (POST /api/peer/start, /stop)
        discovery.announce(server.isOpen());
        server.onChange(discovery::announce);
        discovered.addListener(peer -> {
            if (DiscoveredPeer.PEER.equals(peer.via())) {
                return;
            }
            try {
                if (peers.relocate(peer.nodeId(), peer.apiUrl())) {
                    scheduler.soon();
                }
            } catch (RuntimeException e) {
                log.warn("could not update the address of known peer {}: {}", peer.nodeId(), e.toString());
            }
        });
    }
}
