package io.galileosync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The UI's live stream ({@link LiveEvents}). */
@RestController
@Tag(name = "Node")
class LiveEventsController {

    private final LiveEvents events;

    LiveEventsController(LiveEvents events) {
        this.events = events;
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "liveEvents",
            summary = "Server-sent events: status every ~2 s, new sync-log entries, chart data")
    SseEmitter events() {
        SseEmitter emitter = events.open();
        if (emitter == null) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "too many live views are open (" + LiveEvents.MAX_STREAMS + "); close a tab and reload");
        }
        return emitter;
    }
}
