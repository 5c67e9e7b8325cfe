package io.galileosync.web;

import io.galileosync.node.NodeIdentity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * "Check peer" in the UI, before a sync: is something answering at that URL, is it a Galileo Sync node, is
 * its peer server open, and about how many records it holds that this node lacks (from its version vector,
 * when its status is readable). Whether both share the team secret shows on the first sync (401 otherwise).
 */
@RestController
@Tag(name = "Web UI")
class PeerCheckController {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json;
    private final NodeIdentity node;
    private final JdbcClient jdbc;

    PeerCheckController(ObjectMapper json, NodeIdentity node, JdbcClient jdbc) {
        this.json = json;
        this.node = node;
        this.jdbc = jdbc;
    }

    @PostMapping("/api/node/check-peer")
    @Operation(summary = "Reachability, identity, peer server state and missing-record estimate of a peer URL")
    Map<String, Object> check(@RequestBody Map<String, String> body) {
        String url = normalize(body.getOrDefault("url", body.get("peerUrl")));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("url", url);
        HttpResponse<String> info;
        try {
            info = get(url + "/actuator/info");
        } catch (IOException e) {
            result.put("reachable", false);
            result.put("message", "Nothing answers at " + url + " (" + e.getClass().getSimpleName()
                    + "). Check that both devices are on the same WiFi, that Galileo Sync runs there, and the address and port.");
            return result;
        }
        result.put("reachable", true);
        JsonNode nodeInfo = parse(info.body()).path("node");
        if (info.statusCode() != 200 || !nodeInfo.isObject()) {
            result.put("galileoNode", false);
            result.put("message", url + " answers, but it is not a Galileo Sync node (HTTP " + info.statusCode() + ").");
            return result;
        }
        result.put("galileoNode", true);
        result.put("name", nodeInfo.path("name").asString(null));
        result.put("nodeId", nodeInfo.path("id").asString(null));
        result.put("itself", node.nodeId().equals(nodeInfo.path("id").asString(null)));
        int peerApi = statusOf(url + "/peer/status");
        result.put("peerServer", peerApi == 401 || peerApi == 200);
        Long missing = missingEstimate(url);
        result.put("recordsWeLack", missing);
        String message;
        if (Boolean.TRUE.equals(result.get("itself"))) {
            message = "That is this node itself.";
        } else if (peerApi == 503) {
            message = "Reachable, but its peer server is stopped: press Start on that device.";
        } else if (peerApi == 401 || peerApi == 200) {
            message = "Reachable and open to peers." + (missing == null ? "" : " It has about " + missing
                    + " records this node lacks.") + " The team secret is checked when you sync.";
        } else {
            message = "Reachable, but its peer API answered HTTP " + peerApi + ".";
        }
        result.put("message", message);
        return result;
    }

    /** The sum over origins of how far the peer's vector is ahead of ours (records may be pruned: an estimate). */
    private Long missingEstimate(String url) {
        try {
            HttpResponse<String> response = get(url + "/api/peer/status");
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode vector = parse(response.body()).path("vector");
            if (!vector.isObject()) {
                return null;
            }
            Map<String, Long> ours = new HashMap<>();
            jdbc.sql("select origin_node, max(origin_seq) from records group by origin_node")
                    .query((rs, i) -> ours.put(rs.getString(1), rs.getLong(2))).list();
            long missing = 0;
            for (Map.Entry<String, JsonNode> e : vector.properties()) {
                missing += Math.max(0, e.getValue().asLong() - ours.getOrDefault(e.getKey(), 0L));
            }
            return missing;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private int statusOf(String url) {
        try {
            return get(url).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    private HttpResponse<String> get(String url) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            return json.missingNode();
        }
    }

    /** {@code host:port}, a URL with a path, or a scanned {@code URL#code=...} → {@code http://host:port}. */
    static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give the peer as {\"url\": \"http://host:port\"}");
        }
        String url = raw.trim();
        int hash = url.indexOf('#');
        if (hash >= 0) {
            url = url.substring(0, hash);
        }
        if (!url.matches("(?i)^https?://.*")) {
            url = "http://" + url;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri.getScheme().toLowerCase() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a valid peer URL: " + raw);
        }
    }
}
