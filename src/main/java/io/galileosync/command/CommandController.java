package io.galileosync.command;

import io.galileosync.command.CommandQueue.CommandView;
import io.galileosync.command.CommandQueue.QueueFullException;
import io.galileosync.config.ApiParams;
import io.galileosync.config.ApiProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Commands to trackers for people (behind the same login as the rest of {@code /api}): queue one on this node
 * (whichever node of the team the tracker reaches sends it), follow it, read replies and photos. A command for an
 * IMEI no node has seen yet is queued all the same: the tracker may report to another node first, or be installed
 * later; it expires like any other.
 */
@RestController
@Tag(name = "Commands")
class CommandController {

    private static final String IMEI_DOC = "the tracker's IMEI: 15 digits";

    /** {@code POST /api/devices/{imei}/commands}. */
    record CommandRequest(@Schema(description = "the command, e.g. Out 0,1:"
            + " 1 to 255 bytes in CP1251 (Latin and Cyrillic letters, digits, punctuation)") String text,
                          @Schema(description = "how long it may wait for the tracker and its reply (ISO-8601, e.g."
                                  + " PT10M); galileo.commands.expiry when absent") Duration expiresIn) {
    }

    /** {@code POST /api/devices/{imei}/commands/output}. */
    record OutputRequest(Integer output, Boolean on) {
    }

    private final CommandQueue queue;
    private final ApiProperties api;

    CommandController(CommandQueue queue, ApiProperties api) {
        this.queue = queue;
        this.api = api;
    }

    @PostMapping("/api/devices/{imei}/commands")
    @Operation(operationId = "queueCommand", summary = "Queue a command for the tracker",
            description = "201 with the command (state queued). 400 for an IMEI that is not 15 digits, a text that"
                    + " is empty, longer than 255 bytes in CP1251 or has a character CP1251 lacks, or an expiresIn"
                    + " that is not positive or over 366 days; 409 when galileo.commands.max-queued-per-imei commands"
                    + " wait for the tracker already.")
    ResponseEntity<CommandJson> create(@Parameter(description = IMEI_DOC) @PathVariable String imei,
                                       @RequestBody(required = false) CommandRequest body) {
        if (body == null || body.text() == null) {
            throw ApiParams.badRequest("the body needs the command's text: {\"text\": \"status\"}");
        }
        return queued(imei, body.text(), body.expiresIn());
    }

    @PostMapping("/api/devices/{imei}/commands/status")
    @Operation(operationId = "queueStatusCommand",
            summary = "Queue the status command (the tracker answers with its state)")
    ResponseEntity<CommandJson> status(@Parameter(description = IMEI_DOC) @PathVariable String imei) {
        return queued(imei, CommandTexts.STATUS);
    }

    @PostMapping("/api/devices/{imei}/commands/output")
    @Operation(operationId = "queueOutputCommand", summary = "Queue switching an output on or off (Out n,1 / Out n,0)",
            description = "Body {\"output\": 0, \"on\": true}; outputs are numbered from 0 (0-15).")
    ResponseEntity<CommandJson> output(@Parameter(description = IMEI_DOC) @PathVariable String imei,
                                       @RequestBody(required = false) OutputRequest body) {
        if (body == null || body.output() == null || body.on() == null) {
            throw ApiParams.badRequest("the body needs the output and whether to switch it on: {\"output\": 0,"
                    + " \"on\": true}");
        }
        try {
            return queued(imei, CommandTexts.output(body.output(), body.on()));
        } catch (IllegalArgumentException e) {
            throw ApiParams.badRequest(e.getMessage());
        }
    }

    @PostMapping("/api/devices/{imei}/commands/photo")
    @Operation(operationId = "queuePhotoCommand",
            summary = "Queue taking a photo (Makephoto 1); the photo shows under the command when it comes")
    ResponseEntity<CommandJson> photo(@Parameter(description = IMEI_DOC) @PathVariable String imei) {
        return queued(imei, CommandTexts.PHOTO);
    }

    @GetMapping("/api/devices/{imei}/commands")
    @Operation(operationId = "trackerCommands",
            summary = "The tracker's commands, queued and past, newest first (X-Total-Count: all of them)")
    ResponseEntity<List<CommandJson>> list(@Parameter(description = IMEI_DOC) @PathVariable String imei,
                                           @Parameter(description = ApiParams.OFFSET_DOC)
                                           @RequestParam(required = false) Integer offset,
                                           @Parameter(description = ApiParams.LIMIT_DOC)
                                           @RequestParam(required = false) Integer limit) {
        ApiParams.Paging paging = ApiParams.paging(offset, limit, api);
        String checked = ApiParams.imei(imei);
        return ResponseEntity.ok().header(ApiParams.TOTAL_COUNT, Long.toString(queue.count(checked)))
                .body(queue.page(checked, paging.offset(), paging.limit()).stream().map(CommandJson::from).toList());
    }

    @GetMapping("/api/devices/{imei}/command-replies")
    @Operation(operationId = "trackerReplies",
            summary = "The tracker's replies, newest first, with the command each answers",
            description = "commandId is null for a reply whose number no command of the team has (a command sent"
                    + " by another server, or by SMS): kept all the same.")
    ResponseEntity<List<CommandJson.TrackerReply>> replies(
            @Parameter(description = IMEI_DOC) @PathVariable String imei,
            @Parameter(description = ApiParams.OFFSET_DOC) @RequestParam(required = false) Integer offset,
            @Parameter(description = ApiParams.LIMIT_DOC) @RequestParam(required = false) Integer limit) {
        ApiParams.Paging paging = ApiParams.paging(offset, limit, api);
        String checked = ApiParams.imei(imei);
        return ResponseEntity.ok().header(ApiParams.TOTAL_COUNT, Long.toString(queue.replyCount(checked)))
                .body(queue.replies(checked, paging.offset(), paging.limit()).stream()
                        .map(CommandJson.TrackerReply::from).toList());
    }

    @GetMapping("/api/commands/{id}")
    @Operation(operationId = "command", summary = "One command (404 if unknown here)")
    CommandJson command(@PathVariable String id) {
        return queue.byId(id).map(CommandJson::from).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "No command with id " + id + " on this node (yet: it may be queued on a peer"
                        + " not synced with)"));
    }

    @GetMapping("/api/photos/{node}/{seq}")
    @Operation(operationId = "trackerPhoto", summary = "A photo a tracker sent (the url in its command's photos)",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "image/jpeg")))
    ResponseEntity<byte[]> photo(@PathVariable String node, @PathVariable long seq) {
        byte[] jpeg = queue.photo(node, seq).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No photo " + node + "/" + seq));
        // a photo never changes
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(30)).cachePrivate().immutable()).body(jpeg);
    }

    private ResponseEntity<CommandJson> queued(String imei, String text) {
        return queued(imei, text, null);
    }

    /** @param expiresIn null for the configured expiry */
    private ResponseEntity<CommandJson> queued(String imei, String text, Duration expiresIn) {
        CommandView view;
        try {
            view = expiresIn == null ? queue.create(imei, text) : queue.create(imei, text, expiresIn);
        } catch (IllegalArgumentException e) {
            throw ApiParams.badRequest(e.getMessage());
        } catch (QueueFullException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
        return ResponseEntity.created(URI.create("/api/commands/" + view.command().id())).body(CommandJson.from(view));
    }
}
