package io.galileosync.web;

import io.galileosync.config.GalileoProperties;
import io.galileosync.record.RecordQueries;
import io.galileosync.record.StoredRecordEntity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Records")
class RecordController {

    /** The number of records matching the query, whatever the page. */
    static final String TOTAL_COUNT = "X-Total-Count";

    private final RecordQueries queries;
    private final GalileoProperties.Api api;

    RecordController(RecordQueries queries, GalileoProperties properties) {
        this.queries = queries;
        this.api = properties.api();
    }

    @GetMapping("/api/records")
    @Operation(summary = "Records in time order (then record number), or newest first",
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
        Page<StoredRecordEntity> page = queries.records(ApiParams.optionalImei(imei), ApiParams.timeRange(from, to),
                paging.offset(), paging.limit(), ApiParams.newestFirst(order));
        return ResponseEntity.ok()
                .header(TOTAL_COUNT, Long.toString(page.getTotalElements()))
                .body(page.map(RecordJson::from).getContent());
    }
}
