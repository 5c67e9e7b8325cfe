package io.galileosync.sync;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The replicated logs' peer protocol, for other nodes only (every request here has passed
 * {@link PeerAuthFilter}): {@code GET /peer/logs/{name}?since=} for the next batch, {@code POST} to push one.
 */
@RestController
@RequestMapping("/peer/logs")
class PeerLogController {

    private final ReplicatedLogs logs;
    private final PeerAnswers answers;

    PeerLogController(ReplicatedLogs logs, PeerAnswers answers) {
        this.logs = logs;
        this.answers = answers;
    }

    @Operation(operationId = "peerLogExport", summary = "A replicated log's next batch above a vector (?since=), with"
            + " this node's own vector")
    @GetMapping("/{name}")
    ResponseEntity<byte[]> export(HttpServletRequest request, @PathVariable String name,
                                  @RequestParam(defaultValue = "") String since) {
        Map<String, Long> vector;
        try {
            vector = PeerWire.decodeVector(since);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "since: " + e.getMessage());
        }
        return answers.json(request, logs.export(log(name), vector));
    }

    @Operation(operationId = "peerLogMerge", summary = "A pushed batch of a replicated log: {inserted, duplicates,"
            + " rejected, firstRejection}")
    @PostMapping("/{name}")
    ResponseEntity<byte[]> merge(HttpServletRequest request, @PathVariable String name,
                                 @RequestAttribute(UnsignedPeerRequest.BODY) byte[] body,
                                 @RequestAttribute(name = UnsignedPeerRequest.ADMITTED, required = false)
                                 Boolean unsigned) {
        if (Boolean.TRUE.equals(unsigned)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "log entries are taken from signed peers only");
        }
        ReplicatedLog replicated = log(name);
        LogWire.Push push = PeerController.read(body, LogWire.Push.class);
        try {
            String peer = request.getHeader(PeerSignature.NODE);
            return answers.json(request, logs.merge(replicated, push.entries(),
                    peer == null ? request.getRemoteAddr() : "node " + peer));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private ReplicatedLog log(String name) {
        return logs.named(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "this node keeps no log named " + name));
    }
}
