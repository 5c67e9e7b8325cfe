package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/** "Check peer" before a sync: the peer's signed status says whether it is reachable, of this team, and how far ahead. */
@Component
class PeerChecker {

    private final PeerClient client;
    private final VersionVector vector;
    private final String nodeId;

    PeerChecker(PeerClient client, VersionVector vector, NodeIdentity node) {
        this.client = client;
        this.vector = vector;
        this.nodeId = node.nodeId();
    }

    /**
     * What a signed {@code GET /peer/status} tells about a peer, before a sync.
     *
     * @param reachable      something answered at that URL
     * @param peerServerOpen its peer server answered (not 503)
     * @param sameTeam       it accepted our signature and signed its answer with ours (a 401, or an answer without
     *                       our signature, means another team secret or an impostor); null when unknown
     * @param itself         the URL points at this node
     * @param recordsWeLack  from its vector against ours: sum over origins of max(0, theirs − ours); null when
     *                       unknown
     * @param status         its HTTP status, 0 when nothing answered
     * @param error          why it failed, or null
     */
    record PeerProbe(String url, boolean reachable, boolean peerServerOpen, Boolean sameTeam, boolean itself,
                     String nodeId, String name, Long recordsWeLack, int status, String error) {
    }

    /** How long a check waits for the peer at most. */
    Duration timeout() {
        return client.probeTimeout();
    }

    PeerProbe check(String url) {
        try {
            PeerWire.PeerStatus status = client.probe(url);
            Map<String, Long> ours = vector.current();
            long lack = 0;
            if (status.vector() != null) {
                for (Map.Entry<String, Long> e : status.vector().entrySet()) {
                    long theirs = e.getValue() == null ? 0 : e.getValue();
                    lack += Math.max(0, theirs - ours.getOrDefault(e.getKey(), 0L));
                }
            }
            return new PeerProbe(url, true, true, true, nodeId.equals(status.nodeId()), status.nodeId(),
                    status.name(), lack, 200, null);
        } catch (PeerClient.PeerException e) {
            int code = e.status();
            boolean otherTeam = e.unproven() || code == 401;
            return new PeerProbe(url, code != 0, code != 0 && code != 503 && !e.unproven(),
                    otherTeam ? Boolean.FALSE : null, false, null, null, null, code, e.getMessage());
        }
    }
}
