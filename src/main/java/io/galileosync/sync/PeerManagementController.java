package io.galileosync.sync;

import io.galileosync.access.TeamSecret;
import io.galileosync.discovery.NodeAddresses;
import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The device user's sync controls, on the original app's paths ({@code /api/peer/...}). */
@RestController
@RequestMapping("/api/peer")
class PeerManagementController {

    private final SyncService sync;
    private final PeerServer server;
    private final KnownPeers peers;
    private final SyncLog syncLog;
    private final ConflictLog conflicts;
    private final VersionVector vector;
    private final ExportFiles exportFiles;
    private final TeamSecret secret;
    private final NodeIdentity node;
    private final RecordStore store;
    private final Environment environment;
    private final NodeAddresses addresses;

    PeerManagementController(SyncService sync, PeerServer server, KnownPeers peers, SyncLog syncLog,
                             ConflictLog conflicts, VersionVector vector, ExportFiles exportFiles, TeamSecret secret,
                             NodeIdentity node, RecordStore store, Environment environment, NodeAddresses addresses) {
        this.addresses = addresses;
        this.sync = sync;
        this.server = server;
        this.peers = peers;
        this.syncLog = syncLog;
        this.conflicts = conflicts;
        this.vector = vector;
        this.exportFiles = exportFiles;
        this.secret = secret;
        this.node = node;
        this.store = store;
        this.environment = environment;
    }

    @Operation(operationId = "peerStatus", tags = "Peers",
            summary = "This node as peers see it: id, name, peer server on/off, URLs,"
            + " pairing code, version vector, totals, known peers")
    @GetMapping("/status")
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("nodeId", node.nodeId());
        status.put("name", node.name());
        status.put("epoch", node.epoch());
        status.put("peerServer", server.isOpen());
        List<String> urls = addresses.apiUrls();
        if (urls.isEmpty()) {
            urls = List.of("http://127.0.0.1:" + environment.getProperty("local.server.port",
                    environment.getProperty("server.port", "3001")));
        }
        // where other devices reach this node, best first (its LAN addresses)
        status.put("connectionUrl", urls.get(0));
        status.put("connectionUrls", urls);
        status.put("pairingCode", secret.pairingCode());
        status.put("vector", vector.current());
        status.put("totalRecords", store.recordCount());
        status.put("conflicts", conflicts.count());
        status.put("knownPeers", peers.list());
        return status;
    }

    @Operation(operationId = "startPeerServer", tags = "Peers",
            summary = "Open this node to peers and announce it on the LAN")
    @PostMapping("/start")
    Map<String, Object> start() {
        server.setOpen(true);
        return Map.of("peerServer", true);
    }

    @Operation(operationId = "stopPeerServer", tags = "Peers",
            summary = "Close this node to peers (their requests get 503) and stop"
            + " announcing it")
    @PostMapping("/stop")
    Map<String, Object> stop() {
        server.setOpen(false);
        return Map.of("peerServer", false);
    }

    /** {@code {"url": ...}} or the original app's {@code {"peerUrl": ...}}. */
    @Operation(operationId = "syncWithPeer", tags = "Sync", summary = "Sync with a peer now: pull what it has that this"
            + " node lacks, then push what it lacks")
    @ApiResponse(responseCode = "200",
            description = "What the sync did: new records, records sent, conflicts, bytes, time")
    @ApiResponse(responseCode = "409", description = "A sync with that peer is running already")
    @ApiResponse(responseCode = "502", description = "The peer could not be reached, or refused (peerStatus)")
    @PostMapping("/connect")
    Map<String, Object> connect(@RequestBody Map<String, String> body) {
        String url = PeerUrls.normalize(body.getOrDefault("url", body.get("peerUrl")));
        return Map.of("syncResult", sync.sync(url, "manual"));
    }

    @Operation(operationId = "listPeers", tags = "Peers", summary = "Known peers: auto-sync on/off, node id, last sync")
    @GetMapping("/peers")
    List<KnownPeers.Peer> knownPeers() {
        return peers.list();
    }

    @Operation(operationId = "addPeer", tags = "Peers",
            summary = "Add a known peer by URL {\"url\": \"http://host:3001\"} (201"
            + " added, 200 known already)")
    @PostMapping("/peers")
    ResponseEntity<Map<String, Object>> addPeer(@RequestBody Map<String, String> body) {
        String url = PeerUrls.normalize(body.get("url"));
        boolean added = peers.add(url);
        return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(Map.of("url", url));
    }

    @Operation(operationId = "forgetPeer", tags = "Peers",
            summary = "Forget a known peer (?url=); its records stay here")
    @ApiResponse(responseCode = "204", description = "Forgotten")
    @ApiResponse(responseCode = "404", description = "No known peer has that URL")
    @DeleteMapping("/peers")
    ResponseEntity<Void> removePeer(@RequestParam String url) {
        return peers.remove(PeerUrls.normalize(url)) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    /** Auto-sync on or off for one peer. */
    @Operation(operationId = "setPeerAutoSync", tags = "Peers",
            summary = "Auto-sync on or off for one known peer (?url=&enabled=)")
    @ApiResponse(responseCode = "200", description = "Auto-sync set for that peer")
    @ApiResponse(responseCode = "404", description = "No known peer has that URL")
    @PutMapping("/peers/enabled")
    ResponseEntity<Map<String, Object>> enable(@RequestParam String url, @RequestParam boolean enabled) {
        String known = PeerUrls.normalize(url);
        return peers.setEnabled(known, enabled) ? ResponseEntity.ok(Map.of("url", known, "enabled", enabled))
                : ResponseEntity.notFound().build();
    }

    @Operation(operationId = "syncLog", tags = "Sync", summary = "The sync log, newest first (a streak of idle"
            + " auto-syncs is one entry that counts them)")
    @GetMapping("/log")
    List<SyncLog.Entry> log(@RequestParam(defaultValue = "100") int limit) {
        return syncLog.latest(limit);
    }

    /** The losing versions of conflicting keys (the winners are in the records). */
    @Operation(operationId = "syncConflicts", tags = "Sync", summary = "The losing versions of conflicting records,"
            + " newest first")
    @GetMapping("/conflicts")
    List<Map<String, Object>> conflicts(@RequestParam(defaultValue = "100") int limit) {
        return conflicts.latest(limit);
    }

    /** Streamed from the database through gzip: memory stays flat however many records are held. */
    @Operation(operationId = "exportRecords", tags = "Sync", summary = "All records and devices as one export file:"
            + " JSON, sent gzip-encoded (curl --compressed)")
    @ApiResponse(responseCode = "200", description = "The export file", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "string", format = "binary")))
    @GetMapping("/export")
    void export(jakarta.servlet.http.HttpServletResponse response) throws IOException {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CONTENT_ENCODING, PeerWire.GZIP);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"galileo-export.json\"");
        exportFiles.writeGzip(response.getOutputStream());
    }

    @ExceptionHandler(PeerClient.PeerException.class)
    ResponseEntity<ProblemDetail> peerFailed(PeerClient.PeerException e) {
        HttpStatus status = HttpStatus.BAD_GATEWAY;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(e.status() == 0 ? "Peer unreachable" : "Peer refused");
        problem.setProperty("peerStatus", e.status());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(SyncService.BusyException.class)
    ResponseEntity<ProblemDetail> busy(SyncService.BusyException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
    }
}
