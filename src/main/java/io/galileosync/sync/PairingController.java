package io.galileosync.sync;

import io.galileosync.access.PairingCode;
import io.galileosync.access.TeamSecret;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Joining another device's team by its pairing code, so that a mistyped code cannot silently cut this node off:
 * the code is read as people type it ({@link PairingCode}: case, spaces, dashes, look-alikes), a generated
 * code's check character is checked, and the reachable nodes are asked whether they use it ({@link TeamProbe}).
 * When none does, nothing changes unless the person says to join anyway ({@code force}).
 */
@RestController
@Tag(name = "Peers")
class PairingController {

    static final String NO_NODE_USES_CODE = "urn:galileo-sync:no-node-uses-code";
    static final String MISTYPED_CODE = "urn:galileo-sync:mistyped-code";

    private final TeamSecret secret;
    private final TeamProbe probe;

    PairingController(TeamSecret secret, TeamProbe probe) {
        this.secret = secret;
        this.probe = probe;
    }

    /**
     * @param code    the other device's pairing code, as typed
     * @param peerUrl the other device's address, when known (it is asked first)
     * @param force   join even when no reachable node uses the code (its devices are off or out of reach now)
     */
    record Pairing(String code, String peerUrl, Boolean force) {
    }

    @PostMapping("/api/peer/pairing")
    @Operation(operationId = "joinTeam", summary = "Join another device's team by its pairing code (checked, and"
            + " asked of the reachable nodes first)")
    @ApiResponse(responseCode = "200",
            description = "Joined, or in that team already: the code now used and the nodes that use it")
    @ApiResponse(responseCode = "409", description = "The team secret is set in the configuration, which wins")
    @ApiResponse(responseCode = "422",
            description = "No reachable node uses the code: nothing changed (force to join anyway)")
    @ApiResponse(responseCode = "400", description = "A mistyped code (its check character does not add up)")
    ResponseEntity<?> pair(@RequestBody(required = false) Pairing body) {
        if (secret.configured()) {
            return problem(HttpStatus.CONFLICT, null, "Team secret is configured", "This node's team secret is set"
                    + " in its configuration (galileo.sync.secret / GALILEO_SYNC_SECRET), which wins over pairing:"
                    + " change it there.", Map.of());
        }
        PairingCode.Reading code = PairingCode.read(body == null ? null : body.code());
        if (code.refused()) {
            return problem(HttpStatus.BAD_REQUEST, MISTYPED_CODE, "Mistyped pairing code", code.problem(), Map.of());
        }
        if (code.code().equals(secret.pairingCode())) {
            return ResponseEntity.ok(answer(code.code(), List.of(), "This device already uses that code."));
        }
        String given = body.peerUrl() == null || body.peerUrl().isBlank() ? null : PeerUrls.normalize(body.peerUrl());
        List<TeamProbe.Answer> answers = probe.ask(code.code(), given);
        List<TeamProbe.Answer> users = answers.stream().filter(TeamProbe.Answer::usesCode).toList();
        if (users.isEmpty() && !Boolean.TRUE.equals(body.force())) {
            String hint = code.lengthHint();
            String checked = answers.isEmpty() ? "no other node is known or seen on the LAN"
                    : answers.stream().map(a -> a.url() + " " + a.result()).collect(Collectors.joining(", "));
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, NO_NODE_USES_CODE, "No reachable node uses this code",
                    "No reachable node uses this code (" + checked + ")" + (hint == null ? "" : "; " + hint)
                            + ". Nothing was changed. Check the code on the other device, or join anyway if its"
                            + " devices are off or out of reach now.",
                    Map.of("checked", answers));
        }
        secret.pair(code);
        String message = users.isEmpty() ? "Joined the team (no node that uses the code was reachable)."
                : "Joined the team of " + users.stream().map(a -> a.name() == null ? a.url() : a.name())
                .distinct().collect(Collectors.joining(", ")) + ".";
        return ResponseEntity.ok(answer(secret.pairingCode(), users, message));
    }

    private static Map<String, Object> answer(String code, List<TeamProbe.Answer> users, String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("paired", true);
        answer.put("pairingCode", code);
        answer.put("nodesUsingCode", users);
        answer.put("message", message);
        return answer;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail,
                                                         Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (type != null) {
            problem.setType(URI.create(type));
        }
        properties.forEach(problem::setProperty);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
