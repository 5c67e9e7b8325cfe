package io.galileosync.web;

import io.galileosync.config.ApiParams;
import io.galileosync.config.ApiProperties;
import io.galileosync.store.RecordPage;
import io.galileosync.store.RecordStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Records")
class RecordController {

    private final RecordStore store;
    private final ApiProperties api;

    RecordController(RecordStore store, ApiProperties api) {
        this.store = store;
        this.api = api;
    }

    @GetMapping("/api/records")
    @Operation(operationId = "listRecords", summary = "Records in time order (then record number), or newest first",
            description = "A page of matching records; the header X-Total-Count has the number of all matches.")
    ResponseEntity<List<RecordJson>> records(
            @Parameter(description = "only this device's records") @RequestParam(required = false) String imei,
            @Parameter(description = ApiParams.FROM_DOC) @RequestParam(required = false) String from,
            @Parameter(description = ApiParams.TO_DOC) @RequestParam(required = false) String to,
            @Parameter(description = ApiParams.LIMIT_DOC) @RequestParam(required = false) Integer limit,
            @Parameter(description = ApiParams.OFFSET_DOC) @RequestParam(required = false) Integer offset,
            @Parameter(description = "asc (oldest first, the default) or desc (newest first), by device time")
            @RequestParam(required = false) String order) {
        ApiParams.Paging paging = ApiParams.paging(offset, limit, api);
        RecordPage page = store.records(ApiParams.optionalImei(imei), TimeRanges.of(from, to),
                paging.offset(), paging.limit(), ApiParams.newestFirst(order));
        return ResponseEntity.ok()
                .header(ApiParams.TOTAL_COUNT, Long.toString(page.total()))
                .body(page.records().stream().map(RecordJson::from).toList());
    }
}
