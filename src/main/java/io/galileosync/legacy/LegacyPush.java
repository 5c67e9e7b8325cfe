package io.galileosync.legacy;

import io.galileosync.store.DeviceOverview;
import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import io.galileosync.store.StoredRecord;
import io.galileosync.sync.UnsignedPeerRequest;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The original app's {@code POST /peer/sync} during a migration window (opt-in:
 * {@code galileo.sync.legacy-push-enabled=true}): an old node pushes its export body, unsigned and
 * uncompressed as it always did; the records are merged like an import ({@link LegacyImport}) and the answer
 * is the old app's {@code {success, peerData, syncResult, message}}. {@link LegacyPushRequests} tells the peer API's
 * signature check which requests these are; every other {@code /peer/**} request stays signed.
 */
@RestController
class LegacyPush {

    /** The newest records handed back to the old node; the old app keeps its data in one JSON file. */
    static final int PEER_DATA_RECORDS = 1000;

    private static final Logger log = LoggerFactory.getLogger(LegacyPush.class);

    private final LegacyImport legacyImport;
    private final RecordStore store;
    private final NodeIdentity node;

    LegacyPush(LegacyImport legacyImport, RecordStore store, NodeIdentity node) {
        this.legacyImport = legacyImport;
        this.store = store;
        this.node = node;
    }

    @PostMapping(path = LegacyPushRequests.PATH, headers = "!X-Galileo-Signature")
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
        return answer;
    }

    /** Our newest records and our devices in the old app's export shape. */
    private Map<String, Object> peerData(long total) {
        List<StoredRecord> newest = new ArrayList<>(store.newest(PEER_DATA_RECORDS));
        Collections.reverse(newest);
        List<Map<String, Object>> records = newest.stream().map(LegacyRecordShape::of).toList();
        Map<String, Object> devices = new LinkedHashMap<>();
        DeviceOverview lastSeen = null;
        for (DeviceOverview d : store.devices()) {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("firstSeen", Instant.ofEpochMilli(d.firstSeen()).toString());
            device.put("lastSeen", Instant.ofEpochMilli(d.lastSeen()).toString());
            device.put("recordCount", d.recordCount());
            device.put("totalRecords", d.recordCount());
            device.put("clientAddress", d.remoteAddress());
            device.put("lastLocation", d.lastTimeMs() == null || d.lastLatitude() == null || d.lastLongitude() == null
                    ? null : Map.of(
                    "latitude", d.lastLatitude(), "longitude", d.lastLongitude(),
                    "timestamp", Instant.ofEpochMilli(d.lastTimeMs()).toString()));
            devices.put(d.imei(), device);
            if (lastSeen == null || d.lastSeen() > lastSeen.lastSeen()) {
                lastSeen = d;
            }
        }
        Map<String, Object> peerData = new LinkedHashMap<>();
        peerData.put("deviceId", node.nodeId());
        peerData.put("records", records);
        peerData.put("devices", devices);
        peerData.put("lastIMEI", lastSeen == null ? null : lastSeen.imei());
        peerData.put("exportTime", Instant.now().toString());
        if (total > records.size()) {
            peerData.put("note", "the newest " + records.size() + " of " + total + " records (the old app keeps"
                    + " everything in one JSON file); the full set stays on this node");
        }
        return peerData;
    }
}
