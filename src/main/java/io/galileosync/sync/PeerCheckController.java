package io.galileosync.sync;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Check peer" in the UI, before a sync: the sync engine's signed {@code GET /peer/status} says whether
 * something answers at that URL, whether it shares this node's team secret (a 401 means another secret), who
 * it is, and how many records it holds that this node lacks (its version vector against ours). The peer's
 * people API ({@code /api/**}) is never used.
 */
@RestController
@Tag(name = "Peers")
class PeerCheckController {

    private final PeerChecker checker;

    PeerCheckController(PeerChecker checker) {
        this.checker = checker;
    }

    @PostMapping("/api/node/check-peer")
    @Operation(operationId = "checkPeer",
            summary = "Reachability, same team secret, identity and missing-record count of a peer URL (signed)")
    Map<String, Object> check(@RequestBody Map<String, String> body) {
        String url = PeerUrls.normalize(body.getOrDefault("url", body.get("peerUrl")));
        PeerChecker.PeerProbe probe = checker.check(url);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("url", url);
        result.put("reachable", probe.reachable());
        result.put("peerServer", probe.peerServerOpen());
        result.put("sameTeam", probe.sameTeam());
        result.put("itself", probe.itself());
        result.put("nodeId", probe.nodeId());
        result.put("name", probe.name());
        result.put("recordsWeLack", probe.recordsWeLack());
        result.put("peerStatus", probe.status());
        String message;
        if (!probe.reachable() && probe.error() != null && probe.error().contains(PeerClient.NO_ANSWER)) {
            message = "Something at " + url + " accepted the connection but did not answer within "
                    + checker.timeout().toSeconds() + " s: a node that hangs or is overloaded, or another program on"
                    + " that port. Check the address and port, or restart Galileo Sync there.";
        } else if (!probe.reachable()) {
            message = "Nothing answers at " + url + ". Check that both devices are on the same WiFi, that Galileo"
                    + " Sync runs there, and the address and port.";
        } else if (probe.itself()) {
            message = "That is this node itself.";
        } else if (Boolean.TRUE.equals(probe.sameTeam())) {
            message = "Same team: " + (probe.name() == null ? "the peer" : probe.name()) + " has "
                    + probe.recordsWeLack() + " records this node lacks.";
        } else if (Boolean.FALSE.equals(probe.sameTeam())) {
            message = "Different team secret: that device refuses this one. Join its team (enter its pairing code"
                    + " under \"Join a team\") or give both the same GALILEO_SYNC_SECRET.";
        } else if (probe.status() == 503) {
            message = "Reachable, but its peer server is stopped: press Start on that device.";
        } else if (probe.status() == 404) {
            message = url + " answers, but it is not a Galileo Sync node (HTTP 404 on /peer/status).";
        } else {
            message = "Reachable, but its peer API answered HTTP " + probe.status() + ": " + probe.error();
        }
        result.put("message", message);
        return result;
    }
}
