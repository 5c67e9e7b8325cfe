package io.galileosync.command;

import io.galileosync.command.CommandQueue.CommandView;
import io.galileosync.command.CommandQueue.QueueFullException;
import io.galileosync.config.ApiParams;
import io.galileosync.store.DeviceOverview;
import io.galileosync.store.RecordStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The original Node app's command endpoints, in its shapes, on the command queue: a command is queued (the
 * original app wrote it at once when the tracker was connected; here it always goes behind the tracker's next
 * acknowledged packet, from whichever node it reaches), its {@code status} is {@code queued}, {@code sent},
 * {@code completed} (replied), or, new here, {@code expired} or {@code failed}. {@code set-output} sends the
 * tracker's real {@code Out n,v} (the original app sent {@code set_output n v}, which trackers do not know).
 * Errors are RFC 9457 problems that also carry the original's {@code success: false} and {@code error}.
 */
@RestController
@Tag(name = "Commands (original app)")
class LegacyCommandController {

    /** {@code /api/command/responses} lists at most this many commands, newest first. */
    static final int MAX_RESPONSES = 1000;
    private static final Map<CommandState.State, String> STATUS = Map.of(CommandState.State.QUEUED, "queued",
            CommandState.State.SENT, "sent", CommandState.State.REPLIED, "completed",
            CommandState.State.EXPIRED, "expired", CommandState.State.FAILED, "failed");

    record SendRequest(String imei, Integer deviceNumber, String commandText) {
    }

    record OutputRequest(String imei, Integer deviceNumber, Integer outputNumber, JsonNode value) {
    }

    /** A bad request in the original's words (and, as every error here, a problem detail). */
    static final class LegacyRefusal extends RuntimeException {
        private final HttpStatus status;

        LegacyRefusal(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final CommandQueue queue;
    private final RecordStore store;

    LegacyCommandController(CommandQueue queue, RecordStore store) {
        this.queue = queue;
        this.store = store;
    }

    @PostMapping("/api/command")
    @Operation(operationId = "legacySendCommand",
            summary = "Original app: queue a command {imei, deviceNumber, commandText}",
            description = "Answers {success, commandNumber, message, status: queued}.")
    Map<String, Object> send(@RequestBody(required = false) SendRequest body) {
        if (body == null || body.imei() == null || body.commandText() == null) {
            throw new LegacyRefusal(HttpStatus.BAD_REQUEST, "IMEI and command text are required");
        }
        return queued(body.imei(), body.commandText());
    }

    @PostMapping("/api/command/set-output")
    @Operation(operationId = "legacySetOutput",
            summary = "Original app: switch an output {imei, deviceNumber, outputNumber, value}",
            description = "value 1/0, true/false or \"on\"/\"off\"; queues Out n,v.")
    Map<String, Object> setOutput(@RequestBody(required = false) OutputRequest body) {
        if (body == null || body.imei() == null || body.outputNumber() == null || body.value() == null) {
            throw new LegacyRefusal(HttpStatus.BAD_REQUEST, "IMEI, output number, and value are required");
        }
        try {
            return queued(body.imei(), CommandTexts.output(body.outputNumber(), on(body.value())));
        } catch (IllegalArgumentException e) {
            throw new LegacyRefusal(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    @GetMapping("/api/command/status")
    @Operation(operationId = "legacyCommandStatus",
            summary = "Original app: a command by number: {success, command: {imei, deviceNumber, commandText,"
            + " timestamp, status, response, responseTime}}")
    Map<String, Object> status(@RequestParam(required = false) String commandNumber) {
        long number;
        try {
            number = Long.parseLong(commandNumber == null ? "" : commandNumber.trim());
        } catch (NumberFormatException e) {
            throw new LegacyRefusal(HttpStatus.NOT_FOUND, "Command not found");
        }
        CommandState command = queue.byNumber(number)
                .orElseThrow(() -> new LegacyRefusal(HttpStatus.NOT_FOUND, "Command not found"));
        Map<String, Object> shape = shape(command, new HashMap<>());
        shape.remove("commandNumber"); // the original's entry was keyed by it, not holding it
        return Map.of("success", true, "command", shape);
    }

    @GetMapping("/api/command/responses")
    @Operation(operationId = "legacyCommandResponses",
            summary = "Original app: the commands and their replies, newest first (at most 1000)",
            description = "{success, responses: [{commandNumber, imei, deviceNumber, commandText, status, timestamp,"
                    + " response, responseTime}]}")
    Map<String, Object> responses() {
        Map<String, Integer> deviceNumbers = new HashMap<>();
        List<Map<String, Object>> responses = queue.newest(MAX_RESPONSES).stream()
                .map(command -> shape(command, deviceNumbers)).toList();
        return Map.of("success", true, "responses", responses);
    }

    /** The original answered a body it could not parse so. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return refused(new LegacyRefusal(HttpStatus.BAD_REQUEST, "Invalid JSON data"));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(LegacyRefusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.status, refusal.getMessage());
        problem.setProperty("success", false);
        problem.setProperty("error", refusal.getMessage());
        return ResponseEntity.status(refusal.status).body(problem);
    }

    private Map<String, Object> queued(String imei, String text) {
        CommandView view;
        try {
            view = queue.create(imei, text);
        } catch (IllegalArgumentException e) {
            throw new LegacyRefusal(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (QueueFullException e) {
            throw new LegacyRefusal(HttpStatus.CONFLICT, e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("commandNumber", view.command().number());
        answer.put("message", "Command queued: it is sent behind the tracker's next acknowledged packet, by"
                + " whichever node of the team the tracker reaches.");
        answer.put("status", STATUS.get(view.command().state()));
        return answer;
    }

    /** The original's command entry; the device number is the one the tracker reported (0 when unknown here). */
    private Map<String, Object> shape(CommandState command, Map<String, Integer> deviceNumbers) {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("commandNumber", command.number());
        shape.put("imei", command.imei());
        shape.put("deviceNumber", deviceNumbers.computeIfAbsent(command.imei(), imei -> store.device(imei)
                .map(DeviceOverview::deviceNumber).orElse(0)));
        shape.put("commandText", command.text());
        shape.put("status", STATUS.get(command.state()));
        shape.put("timestamp", ApiParams.iso(command.createdAt()));
        shape.put("response", command.reply() == null ? null : command.reply().text());
        shape.put("responseTime", command.reply() == null ? null : ApiParams.iso(command.reply().at()));
        return shape;
    }

    private static boolean on(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.asInt() != 0;
        }
        String text = value.asString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "1", "true", "on" -> true;
            case "0", "false", "off" -> false;
            default -> throw new IllegalArgumentException("value must be 1 or 0 (on or off), not " + value);
        };
    }
}
