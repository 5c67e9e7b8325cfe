package io.galileosync.sync;

import io.galileosync.discovery.DiscoveredPeer;
import io.galileosync.discovery.DiscoveredPeers;
import io.galileosync.discovery.NodeAddresses;
import io.galileosync.access.TeamSecret;
import io.galileosync.store.NodeIdentity;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Discovered and known peers, and the auto-sync interval. */
@RestController
@RequestMapping("/api/peer")
class PeerDiscoveryController {

    private final DiscoveredPeers discovered;
    private final KnownPeers peers;
    private final TeamSecret secret;
    private final AutoSyncSettings auto;
    private final NodeIdentity node;
    private final NodeAddresses addresses;

    PeerDiscoveryController(DiscoveredPeers discovered, KnownPeers peers, TeamSecret secret, AutoSyncSettings auto,
                            NodeIdentity node, NodeAddresses addresses) {
        this.discovered = discovered;
        this.peers = peers;
        this.secret = secret;
        this.auto = auto;
        this.node = node;
        this.addresses = addresses;
    }

    /**
     * Peers found on the LAN (mDNS, beacon) or heard of from synced peers ("peer"), each saying whether it is
     * a known peer already; and the known peers with reachability (seen on the LAN now, or how the last sync
     * went).
     */
    @Operation(operationId = "discoveredPeers", tags = "Peers",
            summary = "Peers found on the LAN (mDNS, beacon) or heard of from"
            + " synced peers, and the known peers with reachability")
    @GetMapping("/discovery")
    Map<String, Object> discovery() {
        List<KnownPeers.Peer> known = peers.list();
        Map<String, KnownPeers.Peer> knownByNode = new HashMap<>();
        Map<String, KnownPeers.Peer> knownByUrl = new HashMap<>();
        for (KnownPeers.Peer peer : known) {
            knownByUrl.put(peer.url(), peer);
            if (peer.nodeId() != null) {
                knownByNode.put(peer.nodeId(), peer);
            }
        }
        Map<String, DiscoveredPeer> onLan = new HashMap<>();
        List<Map<String, Object>> found = new ArrayList<>();
        for (DiscoveredPeer peer : discovered.current()) {
            if (node.nodeId().equals(peer.nodeId())) {
                continue;
            }
            if (!DiscoveredPeer.PEER.equals(peer.via())) {
                onLan.put(peer.nodeId(), peer);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("nodeId", peer.nodeId());
            entry.put("name", peer.name());
            entry.put("apiUrl", peer.apiUrl());
            entry.put("via", peer.via());
            entry.put("lastSeen", peer.lastSeen().toEpochMilli());
            entry.put("known", knownByNode.containsKey(peer.nodeId()) || knownByUrl.containsKey(peer.apiUrl()));
            found.add(entry);
        }
        List<Map<String, Object>> knownList = new ArrayList<>();
        for (KnownPeers.Peer peer : known) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("url", peer.url());
            entry.put("nodeId", peer.nodeId());
            entry.put("name", peer.name());
            entry.put("enabled", peer.enabled());
            entry.put("lastSyncAt", peer.lastSyncAt());
            entry.put("lastSuccessAt", peer.lastSuccessAt());
            entry.put("lastError", peer.lastError());
            boolean seen = peer.nodeId() != null && onLan.containsKey(peer.nodeId());
            entry.put("onLan", seen);
            Boolean reachable = seen ? Boolean.TRUE
                    : peer.lastSyncAt() == null ? null
                    : peer.lastError() == null;
            entry.put("reachable", reachable);
            knownList.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("nodeId", node.nodeId());
        answer.put("apiUrls", addresses.apiUrls());
        answer.put("discovered", found);
        answer.put("known", knownList);
        return answer;
    }

    @Operation(operationId = "syncSettings", tags = "Sync",
            summary = "The auto-sync interval (and its bounds) and whether"
            + " the team secret is configured")
    @GetMapping("/settings")
    Map<String, Object> settings() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("autoSyncInterval", auto.interval().toString());
        answer.put("autoSyncIntervalSeconds", auto.interval().toSeconds());
        answer.put("minIntervalSeconds", AutoSyncSettings.MIN_INTERVAL.toSeconds());
        answer.put("maxIntervalSeconds", AutoSyncSettings.MAX_INTERVAL.toSeconds());
        answer.put("secretConfigured", secret.configured());
        return answer;
    }

    /** {@code {"autoSyncInterval": "PT2M"}} or a number of seconds; 10 s .. 24 h. Applies at once. */
    @Operation(operationId = "updateSyncSettings", tags = "Sync", summary = "Set the auto-sync interval"
            + " {\"autoSyncInterval\": \"PT2M\"} (or seconds), 10 s .. 24 h; applied at once")
    @PutMapping("/settings")
    Map<String, Object> updateSettings(@RequestBody(required = false) Map<String, Object> body) {
        if (body == null || !body.containsKey("autoSyncInterval")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "give {\"autoSyncInterval\": \"PT2M\"} or a number of seconds");
        }
        try {
            Duration interval = AutoSyncSettings.parse(body.get("autoSyncInterval"));
            auto.interval(interval);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return settings();
    }
}
