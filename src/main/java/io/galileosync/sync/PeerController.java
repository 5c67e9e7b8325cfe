package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
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
 * Answers are JSON, signed for the request they answer, gzip-compressed when the caller accepts it.
 */
@RestController
@RequestMapping("/peer")
class PeerController {

    /** One operation in the API description, whether {@code since} is given or not (two handlers). */
    private static final String EXPORT_SUMMARY = "The records above a version vector (?since=, a batch), or all of"
            + " them (no since: streamed, its signature in a trailer)";

    private final DeltaExporter exporter;
    private final ExportFiles exportFiles;
    private final SyncService sync;
    private final RecordMerge merge;
    private final Digest digest;
    private final NodeIdentity node;
    private final SyncProperties settings;
    private final PeerAnswers answers;
    private final PeerSignature signature;
    private final Retention retention;
    private final InboundSyncs inbound;

    PeerController(DeltaExporter exporter, ExportFiles exportFiles, SyncService sync, RecordMerge merge,
                   Digest digest, NodeIdentity node, SyncProperties settings, PeerAnswers answers,
                   PeerSignature signature, Retention retention, InboundSyncs inbound) {
        this.inbound = inbound;
        this.retention = retention;
        this.answers = answers;
        this.signature = signature;
        this.exporter = exporter;
        this.exportFiles = exportFiles;
        this.sync = sync;
        this.merge = merge;
        this.digest = digest;
        this.node = node;
        this.settings = settings;
    }

    @Operation(operationId = "peerStatusSigned", summary = "The node's identity, version vector and totals (signed); an"
            + " unsigned request is the original app's, answered in its shape while legacy push is on")
    @GetMapping("/status")
    ResponseEntity<byte[]> status(HttpServletRequest request) {
        ResponseEntity<byte[]> answer = json(request, sync.localStatus());
        inbound.started(request, answer);
        return answer;
    }

    /**
     * Bare: the full export, streamed from the database (gzip when accepted), so its size costs no memory; its
     * signature, known only at the end, follows as an HTTP trailer.
     */
    @Operation(operationId = "peerExport", summary = EXPORT_SUMMARY)
    @GetMapping(value = "/export", params = "!since")
    void fullExport(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        MessageDigest sha256 = sha256();
        String nonce = request.getHeader(PeerSignature.NONCE);
        if (nonce != null) {
            response.setHeader("Trailer", PeerSignature.ANSWER);
            response.setTrailerFields(() -> Map.of(PeerSignature.ANSWER,
                    signature.signAnswerDigest(nonce, 200, HexFormat.of().formatHex(sha256.digest()))));
        }
        boolean gzip = PeerAnswers.acceptsGzip(request);
        if (gzip) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, PeerWire.GZIP);
        }
        OutputStream target = gzip ? new GZIPOutputStream(response.getOutputStream(), 64 * 1024)
                : response.getOutputStream();
        try (OutputStream out = new DigestOutputStream(target, sha256)) {
            exportFiles.write(out);
        }
    }

    /** With {@code since} (a version vector, may be empty): the next delta batch. */
    @Operation(operationId = "peerExport", summary = EXPORT_SUMMARY)
    @GetMapping(value = "/export", params = "since")
    ResponseEntity<byte[]> export(HttpServletRequest request, @RequestParam String since) {
        Map<String, Long> vector;
        try {
            vector = PeerWire.decodeVector(since);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "since: " + e.getMessage());
        }
        PeerWire.Batch batch = exporter.batch(vector, settings.batchRecords(), settings.batchBytes());
        ResponseEntity<byte[]> answer = answers.batch(request, batch);
        inbound.served(request, batch.records().size(), answer);
        return answer;
    }

    /** A pushed delta batch: merged and committed with the vector it completes before the answer. */
    @Operation(operationId = "peerImport", summary = "A pushed batch of records (JSON or the compact binary batch),"
            + " checked and merged; answers what was merged")
    @PostMapping("/import")
    ResponseEntity<byte[]> importBatch(HttpServletRequest request, @RequestAttribute(UnsignedPeerRequest.BODY) byte[] body) {
        PeerWire.Batch batch = compact(request) ? BatchCodec.decode(body) : read(body, PeerWire.Batch.class);
        if (batch.records() == null || batch.complete() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a batch needs records and complete");
        }
        MergeResult result = merge.mergeWire(batch.records(), batch.complete());
        ResponseEntity<byte[]> answer = json(request, result);
        inbound.received(request, result, answer);
        return answer;
    }

    /**
     * The digest of what both sides keep: records at or after, per IMEI, the later of the two sides' retention
     * horizons (a node that keeps less must not make the other rescan for what it pruned).
     */
    @Operation(operationId = "peerKeptDigest", summary = "Digests of only what both sides keep (the retention"
            + " horizons sent), to find and repair gaps")
    @PostMapping("/digest")
    ResponseEntity<byte[]> keptDigest(HttpServletRequest request,
                                      @RequestAttribute(UnsignedPeerRequest.BODY) byte[] body) {
        PeerWire.DigestRequest asked = read(body, PeerWire.DigestRequest.class);
        Map<String, Long> theirs = asked.horizons() == null ? Map.of() : asked.horizons();
        Map<String, Long> ours = retention.horizons();
        Long ourMin = retention.minTime();
        ResponseEntity<byte[]> answer = json(request, new PeerWire.KeptDigest(node.nodeId(), ourMin, ours,
                digest.compute(0, imei -> RetentionHorizons.both(imei, ours, ourMin, theirs, asked.minTime()))));
        inbound.touched(request, answer);
        return answer;
    }

    /** Per IMEI (or per IMEI and time bucket) record count and order-independent content hash. */
    @Operation(operationId = "peerDigest", summary = "Digests of the records per time bucket (?bucketMs=)")
    @GetMapping("/digest")
    ResponseEntity<byte[]> digest(HttpServletRequest request, @RequestParam(defaultValue = "0") long bucketMs) {
        return json(request, new PeerWire.DigestAnswer(node.nodeId(), bucketMs, digest.compute(bucketMs)));
    }

    private static boolean compact(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.startsWith(BatchCodec.MEDIA_TYPE);
    }

    static <T> T read(byte[] body, Class<T> type) {
        try {
            return PeerWire.JSON.readValue(body, type);
        } catch (JacksonException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private ResponseEntity<byte[]> json(HttpServletRequest request, Object value) {
        return answers.json(request, value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
