package io.galileosync.legacy;

import io.galileosync.store.DeviceOverview;
import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import io.galileosync.store.StoredRecord;
import io.galileosync.sync.ExportDevices;
import io.galileosync.sync.UnsignedPeerRequest;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The original app's sync during a migration window (opt-in: {@code galileo.sync.legacy-push-enabled=true}), as
 * its own peer client runs it ({@code connectToPeer}): an unsigned {@code GET /peer/status}, answered in its
 * status shape (any other answer ends its sync), then {@code POST /peer/sync} with its export body, unsigned
 * and uncompressed as it always was; the records are merged like an import ({@link LegacyImport}) and the answer
 * is the old app's {@code {success, peerData, syncResult, message}}. {@link LegacyPushRequests} tells the peer
 * API's signature check which requests these are; every other {@code /peer/**} request stays signed.
 */
@RestController
class LegacyPush {

    /** The newest records handed back to the old node; the old app keeps its data in one JSON file. */
    static final int PEER_DATA_RECORDS = 1000;

    private static final Logger log = LoggerFactory.getLogger(LegacyPush.class);

    private final LegacyImport legacyImport;
    private final RecordStore store;
    private final NodeIdentity node;
    private volatile Instant lastSync;

    LegacyPush(LegacyImport legacyImport, RecordStore store, NodeIdentity node) {
        this.legacyImport = legacyImport;
        this.store = store;
        this.node = node;
    }

    /** The old client's first call; a signed status (a node of ours) goes to the sync module's handler. */
    @GetMapping(path = LegacyPushRequests.STATUS, headers = "!" + LegacyPushRequests.SIGNATURE)
    @Hidden // one operation per path and method in the API documentation: GET /peer/status describes both
    Map<String, Object> legacyStatus(HttpServletRequest request) {
        if (!Boolean.TRUE.equals(request.getAttribute(UnsignedPeerRequest.ADMITTED))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, LegacyPushRequests.DISABLED);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("deviceId", node.nodeId());
        status.put("isServerMode", true);
        status.put("totalRecords", store.recordCount());
        status.put("totalDevices", store.deviceCount());
        status.put("lastIMEI", ExportDevices.lastImei(store.devices()));
        Instant last = lastSync;
        status.put("lastSyncTime", last == null ? null : last.toString());
        status.put("timestamp", Instant.now().toString());
        return status;
    }

    @PostMapping(path = LegacyPushRequests.PATH, headers = "!" + LegacyPushRequests.SIGNATURE)
    @Operation(operationId = "legacySync", summary = "The original app's unsigned push (only while"
            + " galileo.sync.legacy-push-enabled): its export in, our newest records and devices out")
    Map<String, Object> legacySync(HttpServletRequest request,
                                   @RequestAttribute(UnsignedPeerRequest.BODY) byte[] body) {
        if (!Boolean.TRUE.equals(request.getAttribute(UnsignedPeerRequest.ADMITTED))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, LegacyPushRequests.DISABLED);
        }
        LegacyImport.Outcome outcome = legacyImport.importBytes(body, ImportFormat.ORIGINAL_APP_EXPORT);
        long total = store.recordCount();
        log.info("legacy push from {}: {} new, {} duplicates, {} skipped", request.getRemoteAddr(),
                outcome.imported, outcome.duplicates, outcome.skippedCount);
        Map<String, Object> syncResult = new LinkedHashMap<>();
        syncResult.put("newRecords", outcome.imported);
        syncResult.put("totalRecords", total);
        syncResult.put("duplicates", outcome.duplicates);
        syncResult.put("conflicts", outcome.conflicts);
        syncResult.put("skippedCount", outcome.skippedCount);
        syncResult.put("skipped", outcome.skipped);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("peerData", peerData(total));
        answer.put("syncResult", syncResult);
        answer.put("message", "Sync completed: " + outcome.imported + " new records");
        lastSync = Instant.now();
        return answer;
    }

    /** Our newest records and our devices in the old app's export shape. */
    private Map<String, Object> peerData(long total) {
        List<StoredRecord> newest = new ArrayList<>(store.newest(PEER_DATA_RECORDS));
        Collections.reverse(newest);
        List<Map<String, Object>> records = newest.stream().map(LegacyRecordShape::of).toList();
        List<DeviceOverview> devices = store.devices();
        Map<String, Object> peerData = new LinkedHashMap<>();
        peerData.put("deviceId", node.nodeId());
        peerData.put("records", records);
        peerData.put("devices", ExportDevices.devices(devices));
        peerData.put("lastIMEI", ExportDevices.lastImei(devices));
        peerData.put("exportTime", Instant.now().toString());
        if (total > records.size()) {
            peerData.put("note", "the newest " + records.size() + " of " + total + " records (the old app keeps"
                    + " everything in one JSON file); the full set stays on this node");
        }
        return peerData;
    }
}
