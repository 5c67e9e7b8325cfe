package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;

/**
 * The peer protocol, for other nodes only: every request here has passed {@link PeerAuthFilter}.
 * Answers are JSON, gzip-compressed when the caller accepts it.
 */
@RestController
@RequestMapping("/peer")
class PeerController {

    private final DeltaExporter exporter;
    private final ExportFiles exportFiles;
    private final SyncService sync;
    private final RecordMerge merge;
    private final Digest digest;
    private final NodeIdentity node;
    private final SyncProperties settings;

    PeerController(DeltaExporter exporter, ExportFiles exportFiles, SyncService sync, RecordMerge merge,
                   Digest digest, NodeIdentity node, SyncProperties settings) {
        this.exporter = exporter;
        this.exportFiles = exportFiles;
        this.sync = sync;
        this.merge = merge;
        this.digest = digest;
        this.node = node;
        this.settings = settings;
    }

    @GetMapping("/status")
    ResponseEntity<byte[]> status(HttpServletRequest request) {
        return json(request, sync.localStatus());
    }

    /** Bare: the full export, streamed from the database (gzip when accepted), so its size costs no memory. */
    @GetMapping(value = "/export", params = "!since")
    void fullExport(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        String accept = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        if (accept != null && accept.toLowerCase().contains(PeerWire.GZIP)) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, PeerWire.GZIP);
            exportFiles.writeGzip(response.getOutputStream());
        } else {
            exportFiles.write(response.getOutputStream());
        }
    }

    /** With {@code since} (a version vector, may be empty): the next delta batch. */
    @GetMapping(value = "/export", params = "since")
    ResponseEntity<byte[]> export(HttpServletRequest request, @RequestParam String since) {
        Map<String, Long> vector;
        try {
            vector = PeerWire.decodeVector(since);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "since: " + e.getMessage());
        }
        return json(request, exporter.batch(vector, settings.batchRecords(), settings.batchBytes()));
    }

    /** A pushed delta batch: merged and committed with the vector it completes before the answer. */
    @PostMapping("/import")
    ResponseEntity<byte[]> importBatch(HttpServletRequest request, @RequestAttribute(UnsignedPeerRequest.BODY) byte[] body) {
        PeerWire.Batch batch = read(body, PeerWire.Batch.class);
        if (batch.records() == null || batch.complete() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a batch needs records and complete");
        }
        MergeResult result = merge.mergeWire(batch.records(), batch.complete());
        return json(request, result);
    }

    /** Per IMEI (or per IMEI and time bucket) record count and order-independent content hash. */
    @GetMapping("/digest")
    ResponseEntity<byte[]> digest(HttpServletRequest request, @RequestParam(defaultValue = "0") long bucketMs) {
        return json(request, new PeerWire.DigestAnswer(node.nodeId(), bucketMs, digest.compute(bucketMs)));
    }

    static <T> T read(byte[] body, Class<T> type) {
        try {
            return PeerWire.JSON.readValue(body, type);
        } catch (JacksonException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    static ResponseEntity<byte[]> json(HttpServletRequest request, Object value) {
        byte[] plain = PeerWire.JSON.writeValueAsBytes(value);
        String accept = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (accept != null && accept.toLowerCase().contains(PeerWire.GZIP)) {
            return answer.header(HttpHeaders.CONTENT_ENCODING, PeerWire.GZIP).body(PeerWire.gzip(plain));
        }
        return answer.body(plain);
    }
}
