package io.galileosync.sync;

import io.galileosync.discovery.DiscoveredPeers;
import io.galileosync.store.NodeIdentity;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Peer-address exchange: the peers another node knows and this one does not are listed as discovered (via
 * "peer"), for a person to add; they are not synced with automatically.
 */
@Component
class PeerExchange {

    private final KnownPeers peers;
    private final DiscoveredPeers discovered;
    private final NodeIdentity node;

    PeerExchange(KnownPeers peers, DiscoveredPeers discovered, NodeIdentity node) {
        this.peers = peers;
        this.discovered = discovered;
        this.node = node;
    }

    void heardOf(PeerWire.PeerStatus status) {
        if (status.peers() == null || status.peers().isEmpty()) {
            return;
        }
        Set<String> knownUrls = new HashSet<>();
        Set<String> knownNodes = new HashSet<>();
        for (KnownPeers.Peer known : peers.list()) {
            knownUrls.add(known.url());
            if (known.nodeId() != null) {
                knownNodes.add(known.nodeId());
            }
        }
        for (PeerWire.PeerRef ref : status.peers()) {
            // this node under its current or a former id (peers know a restored node by its old one for a while)
            if (ref == null || ref.nodeId() == null || ref.url() == null || node.nodeId().equals(ref.nodeId())
                    || node.formerOrigins().containsKey(ref.nodeId())
                    || knownNodes.contains(ref.nodeId()) || knownUrls.contains(ref.url())) {
                continue;
            }
            discovered.reported(ref.nodeId(), ref.name(), ref.url());
        }
    }
}
