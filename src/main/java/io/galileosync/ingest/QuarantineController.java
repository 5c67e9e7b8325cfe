package io.galileosync.ingest;

import io.galileosync.config.ApiParams;
import io.galileosync.config.ApiProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@Tag(name = "Quarantine")
class QuarantineController {

    private final QuarantineRepository quarantine;
    private final QuarantineRedecoder redecoder;
    private final ApiProperties api;

    QuarantineController(QuarantineRepository quarantine, QuarantineRedecoder redecoder, ApiProperties api) {
        this.quarantine = quarantine;
        this.redecoder = redecoder;
        this.api = api;
    }

    @GetMapping("/api/quarantine")
    @Operation(operationId = "listQuarantine",
            summary = "Packets with a valid CRC that could not be decoded, newest first",
            description = "The header X-Total-Count has the number of all quarantined packets.")
    ResponseEntity<List<QuarantineJson>> quarantine(
            @Parameter(description = ApiParams.LIMIT_DOC) @RequestParam(required = false) Integer limit,
            @Parameter(description = ApiParams.OFFSET_DOC) @RequestParam(required = false) Integer offset) {
        ApiParams.Paging paging = ApiParams.paging(offset, limit, api);
        Page<QuarantinedPacket> page = quarantine.newestFirst(paging.offset(), paging.limit());
        return ResponseEntity.ok()
                .header(ApiParams.TOTAL_COUNT, Long.toString(page.getTotalElements()))
                .body(page.map(QuarantineJson::from).getContent());
    }

    @PostMapping("/api/quarantine/{id}/redecode")
    @Operation(operationId = "redecodeQuarantined", summary = "Decode a quarantined packet again and store its records",
            description = "For packets quarantined before a decoder upgrade or a setting change (e.g. the MDS bit"
                    + " order). Answers what was stored, or why the packet still cannot be decoded; records already"
                    + " held are not stored twice.")
    QuarantineRedecoder.Result redecode(@PathVariable long id) {
        return redecoder.redecode(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no quarantined packet has id " + id));
    }
}
