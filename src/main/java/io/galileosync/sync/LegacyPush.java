package io.galileosync.sync;

import io.galileosync.config.GalileoProperties;
import io.galileosync.node.NodeIdentity;
import io.galileosync.record.RecordRows;
import io.galileosync.record.RecordWriter;
import io.galileosync.record.RecordWriter.OriginRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The original app's {@code POST /peer/sync} during a migration window (opt-in:
 * {@code galileo.sync.legacy-push-enabled=true}): an old node pushes its export body, unsigned and
 * uncompressed as it always did; the records are merged like an import ({@link LegacyImport}) and the answer
 * is the old app's {@code {success, peerData, syncResult, message}}. {@link PeerAuthFilter} lets exactly such
 * a request through unsigned (see {@link #isLegacyPush}) and only while the setting is on; every other
 * {@code /peer/**} request stays signed.
 */
@RestController
class LegacyPush {

    /** Request attribute set by {@link PeerAuthFilter} on an unsigned legacy push it let through. */
    static final String MARK = "io.galileosync.sync.LegacyPush.mark";
    static final String PATH = "/peer/sync";
    static final String DISABLED = "legacy push (the original app's unsigned POST /peer/sync) is disabled;"
            + " to accept old nodes during a migration, set galileo.sync.legacy-push-enabled=true"
            + " (env GALILEO_SYNC_LEGACY_PUSH_ENABLED=true) and restart";
    /** The newest records handed back to the old node; the old app keeps its data in one JSON file. */
    static final int PEER_DATA_RECORDS = 1000;

    private static final Logger log = LoggerFactory.getLogger(LegacyPush.class);

    private final LegacyImport legacyImport;
    private final JdbcClient jdbc;
    private final NodeIdentity node;
    private final boolean enabled;

    LegacyPush(LegacyImport legacyImport, JdbcClient jdbc, NodeIdentity node, GalileoProperties properties) {
        this.legacyImport = legacyImport;
        this.jdbc = jdbc;
        this.node = node;
        this.enabled = properties.sync().legacyPushEnabled();
        if (enabled) {
            log.warn("legacy push is ENABLED: POST {} accepts the original app's unsigned, unauthenticated"
                    + " pushes from anyone on the network; turn galileo.sync.legacy-push-enabled off after"
                    + " the migration", PATH);
        }
    }

    /**
     * An unsigned, uncompressed {@code POST /peer/sync} whose body has the original app's export shape. Other
     * requests (signed ones, other paths, other bodies) are not legacy pushes and go through the signature
     * check as always.
     */
    static boolean isLegacyPush(HttpServletRequest request, byte[] body) {
        if (!"POST".equals(request.getMethod())
                || !(request.getContextPath() + PATH).equals(request.getRequestURI())
                || request.getHeader(PeerSecret.SIGNATURE) != null
                || request.getHeader("Content-Encoding") != null) {
            return false;
        }
        try {
            return LegacyImport.check(() -> new ByteArrayInputStream(body))
                    == LegacyImport.Format.ORIGINAL_APP_EXPORT;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @PostMapping(path = PATH, headers = "!" + PeerSecret.SIGNATURE)
    Map<String, Object> legacySync(HttpServletRequest request, @RequestAttribute(PeerAuthFilter.BODY) byte[] body) {
        if (!enabled || !Boolean.TRUE.equals(request.getAttribute(MARK))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, DISABLED);
        }
        LegacyImport.Outcome outcome = legacyImport.importBytes(body, LegacyImport.Format.ORIGINAL_APP_EXPORT);
        long total = jdbc.sql("select count(*) from records").query(Long.class).single();
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
        List<OriginRecord> newest = new ArrayList<>(jdbc.sql("select origin_node, origin_seq, received_at, "
                        + RecordRows.RECORD_COLUMNS + " from records order by time_ms desc, id desc fetch first "
                        + PEER_DATA_RECORDS + " rows only")
                .query((rs, i) -> new OriginRecord(RecordRows.read(rs), rs.getString("origin_node"),
                        rs.getLong("origin_seq"), rs.getLong("received_at")))
                .list());
        Collections.reverse(newest);
        List<Map<String, Object>> records = newest.stream().map(LegacyFormat::toLegacy).toList();
        Map<String, Object> devices = new LinkedHashMap<>();
        String[] lastImei = {null};
        long[] lastSeen = {Long.MIN_VALUE};
        jdbc.sql("select imei, first_seen, last_seen, record_count, remote_address, last_latitude, last_longitude,"
                + " last_time_ms from devices order by imei").query(rs -> {
                    Map<String, Object> device = new LinkedHashMap<>();
                    device.put("firstSeen", Instant.ofEpochMilli(rs.getLong("first_seen")).toString());
                    device.put("lastSeen", Instant.ofEpochMilli(rs.getLong("last_seen")).toString());
                    device.put("recordCount", rs.getLong("record_count"));
                    device.put("totalRecords", rs.getLong("record_count"));
                    device.put("clientAddress", rs.getString("remote_address"));
                    long lastTime = rs.getLong("last_time_ms");
                    device.put("lastLocation", rs.wasNull() ? null : Map.of(
                            "latitude", rs.getDouble("last_latitude"), "longitude", rs.getDouble("last_longitude"),
                            "timestamp", Instant.ofEpochMilli(lastTime).toString()));
                    devices.put(rs.getString("imei"), device);
                    if (rs.getLong("last_seen") > lastSeen[0]) {
                        lastSeen[0] = rs.getLong("last_seen");
                        lastImei[0] = rs.getString("imei");
                    }
                });
        Map<String, Object> peerData = new LinkedHashMap<>();
        peerData.put("deviceId", node.nodeId());
        peerData.put("records", records);
        peerData.put("devices", devices);
        peerData.put("lastIMEI", lastImei[0]);
        peerData.put("exportTime", Instant.now().toString());
        if (total > records.size()) {
            peerData.put("note", "the newest " + records.size() + " of " + total + " records (the old app keeps"
                    + " everything in one JSON file); the full set stays on this node");
        }
        return peerData;
    }
}
