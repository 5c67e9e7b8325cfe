package io.galileosync.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of one group commit, run on the writer thread only: skips records whose key is already stored,
 * inserts the rest with this node as origin, keeps device rows current, and keeps quarantined packets.
 */
final class RecordBatchWriter {

    private static final String INSERT_RECORD = """
            insert into records (imei, time_ms, record_number, latitude, longitude, satellites, fix_valid, speed,
                course, altitude, hdop, status, supply_voltage, battery_voltage, temperature, outputs, inputs,
                attributes, received_at, origin_node, origin_seq, content_hash)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String ID_OF_KEY =
            "select id from records where imei = ? and time_ms = ? and record_number = ?";
    private static final String KEY_EXISTS =
            "select 1 from records where imei = ? and time_ms = ? and record_number = ?";
    private static final String INSERT_QUARANTINE = """
            insert into quarantine (received_at, imei, remote_address, header, reason, frame_hex)
            values (?, ?, ?, ?, ?, ?)""";

    private static final String STORED_BY_KEY = """
            select id, content_hash, origin_node, origin_seq, received_at from records
            where imei = ? and time_ms = ? and record_number = ?""";
    private static final String REPLACE_RECORD = """
            update records set latitude = ?, longitude = ?, satellites = ?, fix_valid = ?, speed = ?, course = ?,
                altitude = ?, hdop = ?, status = ?, supply_voltage = ?, battery_voltage = ?, temperature = ?,
                outputs = ?, inputs = ?, attributes = ?, received_at = ?, origin_node = ?, origin_seq = ?,
                content_hash = ?
            where id = ?""";
    private static final String INSERT_CONFLICT = """
            insert into sync_conflicts (detected_at, imei, time_ms, record_number, winner_origin_node,
                winner_origin_seq, winner_received_at, loser_origin_node, loser_origin_seq, loser_received_at,
                loser_record)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String nodeId;
    private final Counter inserted;
    private final Counter duplicates;
    private long nextSequence;

    RecordBatchWriter(String nodeId, MeterRegistry meters) {
        this.nodeId = nodeId;
        this.inserted = Counter.builder("galileo.store.records").tag("outcome", "inserted").register(meters);
        this.duplicates = Counter.builder("galileo.store.records").tag("outcome", "duplicate").register(meters);
    }

    void loadSequence(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "select greatest(coalesce((select max(origin_seq) from records where origin_node = ?), 0),"
                        + " coalesce((select max_seq from sync_vector where origin_node = ?), 0))")) {
            st.setString(1, nodeId);
            st.setString(2, nodeId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                nextSequence = rs.getLong(1) + 1;
            }
        }
    }

    long sequence() {
        return nextSequence;
    }

    void resetSequence(long sequence) {
        nextSequence = sequence;
    }

    List<WriteResult> write(Connection connection, List<WriteRequest> requests) throws SQLException {
        long sequenceBefore = nextSequence;
        Set<RecordKey> stored = storedKeys(connection, requests);
        Map<String, DeviceChange> devices = new LinkedHashMap<>();
        List<WriteResult> results = new ArrayList<>(requests.size());
        try (PreparedStatement insert = connection.prepareStatement(INSERT_RECORD);
             PreparedStatement quarantine = connection.prepareStatement(INSERT_QUARANTINE)) {
            for (WriteRequest request : requests) {
                int added = 0;
                for (TrackRecord record : request.records()) {
                    if (!stored.add(record.key())) {
                        continue;
                    }
                    bindRecord(insert, true, record, request.receivedAt(), nodeId, nextSequence++,
                            RecordRows.contentHash(record));
                    insert.addBatch();
                    added++;
                    devices.computeIfAbsent(record.imei(), DeviceChange::new).add(record, request.receivedAt());
                }
                int skipped = request.records().size() - added;
                if (request.sighting() != null) {
                    devices.computeIfAbsent(request.sighting().imei(), DeviceChange::new)
                            .seen(request.sighting(), request.receivedAt());
                }
                if (request.quarantine() != null) {
                    bindQuarantine(quarantine, request.quarantine(), request.receivedAt());
                    quarantine.addBatch();
                }
                inserted.increment(added);
                duplicates.increment(skipped);
                results.add(new WriteResult(added, skipped));
            }
            insert.executeBatch();
            quarantine.executeBatch();
        }
        for (DeviceChange change : devices.values()) {
            change.apply(connection);
        }
        if (nextSequence != sequenceBefore) {
            // this node's own records are contiguous in its sequence: the vector covers them all
            raiseVector(connection, nodeId, nextSequence - 1);
        }
        return results;
    }

    /**
     * Stores records from a peer with their origin and receive time. A key already held with the same content
     * is skipped; with other content the later receive time wins (ties: the larger origin node id, then the
     * larger content hash), so every node keeps the same winner whatever the merge order, and the loser goes
     * to {@code sync_conflicts}. Records older than the retention horizon are rejected so pruned records do
     * not come back. Then the vector is raised to what the batch says it completes.
     */
    RecordWriter.MergeResult merge(Connection connection, RecordWriter.MergeBatch batch, long now)
            throws SQLException {
        Map<String, Long> horizons = horizons(connection, batch);
        Map<RecordKey, Stored> stored = stored(connection, batch);
        Map<String, DeviceChange> devices = new LinkedHashMap<>();
        int inserted = 0;
        int duplicates = 0;
        int conflicts = 0;
        int rejected = 0;
        boolean assignedLocal = false;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_RECORD);
             PreparedStatement replace = connection.prepareStatement(REPLACE_RECORD);
             PreparedStatement conflict = connection.prepareStatement(INSERT_CONFLICT)) {
            for (RecordWriter.OriginRecord incoming : batch.records()) {
                TrackRecord record = incoming.record();
                if (record.timeMs() < batch.minTimeMs()
                        || record.timeMs() < horizons.getOrDefault(record.imei(), Long.MIN_VALUE)) {
                    rejected++;
                    continue;
                }
                long hash = RecordRows.contentHash(record);
                Stored held = stored.get(record.key());
                if (incoming.originSeq() == RecordWriter.OriginRecord.ASSIGN_LOCAL_SEQ
                        && nodeId.equals(incoming.originNode()) && (held == null || held.hash() != hash)) {
                    // a record with no origin of its own (the original app's data): this node's next sequence
                    incoming = new RecordWriter.OriginRecord(record, nodeId, nextSequence++, incoming.receivedAt());
                    assignedLocal = true;
                }
                Stored offered = new Stored(-1, hash, incoming.originNode(), incoming.originSeq(),
                        incoming.receivedAt());
                if (held == null) {
                    bindRecord(insert, true, record, incoming.receivedAt(), incoming.originNode(),
                            incoming.originSeq(), hash);
                    insert.addBatch();
                    stored.put(record.key(), offered);
                    devices.computeIfAbsent(record.imei(), DeviceChange::new).add(record, incoming.receivedAt());
                    inserted++;
                } else if (held.hash() == hash) {
                    duplicates++;
                } else {
                    conflicts++;
                    if (offered.beats(held)) {
                        long id = held.id() >= 0 ? held.id() : flushAndFindId(insert, connection, record.key());
                        bindConflict(conflict, now, record, offered, held, readRecord(connection, id));
                        bindRecord(replace, false, record, incoming.receivedAt(), incoming.originNode(),
                                incoming.originSeq(), hash);
                        replace.setLong(20, id);
                        replace.executeUpdate();
                        stored.put(record.key(), new Stored(id, hash, offered.originNode(),
                                offered.originSeq(), offered.receivedAt()));
                    } else {
                        bindConflict(conflict, now, record, held, offered, record);
                    }
                    conflict.addBatch();
                }
                if (incoming.originNode().equals(nodeId)) {
                    // our own record coming back from a peer: our database was restored from an older backup
                    nextSequence = Math.max(nextSequence, incoming.originSeq() + 1);
                }
            }
            insert.executeBatch();
            conflict.executeBatch();
        }
        for (DeviceChange change : devices.values()) {
            change.apply(connection);
        }
        if (assignedLocal) {
            // this node's own records are contiguous in its sequence: the vector covers them all
            raiseVector(connection, nodeId, nextSequence - 1);
        }
        for (Map.Entry<String, Long> complete : batch.completeUpTo().entrySet()) {
            raiseVector(connection, complete.getKey(), complete.getValue());
            if (complete.getKey().equals(nodeId)) {
                nextSequence = Math.max(nextSequence, complete.getValue() + 1);
            }
        }
        return new RecordWriter.MergeResult(inserted, duplicates, conflicts, rejected);
    }

    /**
     * Device rows from another source (the original app's devices.json): a device not known yet is added with
     * no records; of a known one only what is unknown is filled (remote address) and the seen span widened.
     */
    int fillDevices(Connection connection, List<RecordWriter.DeviceFill> fills) throws SQLException {
        int added = 0;
        try (PreparedStatement update = connection.prepareStatement(
                "update devices set first_seen = least(first_seen, ?), last_seen = greatest(last_seen, ?),"
                        + " remote_address = coalesce(remote_address, ?) where imei = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "insert into devices (imei, first_seen, last_seen, record_count, remote_address)"
                             + " values (?, ?, ?, 0, ?)")) {
            for (RecordWriter.DeviceFill fill : fills) {
                update.setLong(1, fill.firstSeen());
                update.setLong(2, fill.lastSeen());
                update.setString(3, fill.remoteAddress());
                update.setString(4, fill.imei());
                if (update.executeUpdate() == 0) {
                    insert.setString(1, fill.imei());
                    insert.setLong(2, fill.firstSeen());
                    insert.setLong(3, fill.lastSeen());
                    insert.setString(4, fill.remoteAddress());
                    insert.executeUpdate();
                    added++;
                }
            }
        }
        return added;
    }

    /**
     * Retention: drops records older than {@code minTimeMs} and, per IMEI, all but the newest
     * {@code maxPerImei}; remembers per IMEI the oldest time kept so a peer cannot send the rest back.
     */
    int prune(Connection connection, int maxPerImei, long minTimeMs) throws SQLException {
        List<String> imeis = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(
                "select imei from records group by imei having count(*) > ? or min(time_ms) < ?")) {
            st.setInt(1, maxPerImei);
            st.setLong(2, minTimeMs);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    imeis.add(rs.getString(1));
                }
            }
        }
        int deleted = 0;
        for (String imei : imeis) {
            long horizon = minTimeMs;
            try (PreparedStatement st = connection.prepareStatement(
                    "select time_ms from records where imei = ? order by time_ms desc offset ? rows fetch next 1 rows only")) {
                st.setString(1, imei);
                st.setInt(2, maxPerImei - 1);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        horizon = Math.max(horizon, rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement st = connection.prepareStatement(
                    "delete from records where imei = ? and time_ms < ?")) {
                st.setString(1, imei);
                st.setLong(2, horizon);
                deleted += st.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "update retention_horizon set min_time_ms = ? where imei = ? and min_time_ms < ?")) {
                update.setLong(1, horizon);
                update.setString(2, imei);
                update.setLong(3, horizon);
                if (update.executeUpdate() == 0) {
                    insertIfAbsent(connection, "retention_horizon", "imei", "min_time_ms", imei, horizon);
                }
            }
        }
        return deleted;
    }

    /** Fills the content hash of rows stored before it existed (the digest needs it on every row). */
    int backfillHashes(Connection connection) throws SQLException {
        List<long[]> updates = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(
                "select id, " + RecordRows.RECORD_COLUMNS + " from records where content_hash is null");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                updates.add(new long[] {rs.getLong("id"), RecordRows.contentHash(RecordRows.read(rs))});
            }
        }
        try (PreparedStatement st = connection.prepareStatement("update records set content_hash = ? where id = ?")) {
            for (long[] update : updates) {
                st.setLong(1, update[1]);
                st.setLong(2, update[0]);
                st.addBatch();
            }
            st.executeBatch();
        }
        return updates.size();
    }

    private static void raiseVector(Connection connection, String origin, long seq) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update sync_vector set max_seq = ? where origin_node = ? and max_seq < ?")) {
            update.setLong(1, seq);
            update.setString(2, origin);
            update.setLong(3, seq);
            if (update.executeUpdate() == 0) {
                insertIfAbsent(connection, "sync_vector", "origin_node", "max_seq", origin, seq);
            }
        }
    }

    /** Single writer thread: a row absent at this point cannot be inserted by anyone else meanwhile. */
    private static void insertIfAbsent(Connection connection, String table, String keyColumn, String valueColumn,
                                       String key, long value) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("insert into " + table + " (" + keyColumn + ", "
                + valueColumn + ") select ?, ? where not exists (select 1 from " + table + " where " + keyColumn
                + " = ?)")) {
            st.setString(1, key);
            st.setLong(2, value);
            st.setString(3, key);
            st.executeUpdate();
        }
    }

    private static Map<String, Long> horizons(Connection connection, RecordWriter.MergeBatch batch)
            throws SQLException {
        Map<String, Long> horizons = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(
                "select min_time_ms from retention_horizon where imei = ?")) {
            for (String imei : imeis(batch)) {
                st.setString(1, imei);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        horizons.put(imei, rs.getLong(1));
                    }
                }
            }
        }
        return horizons;
    }

    private static Set<String> imeis(RecordWriter.MergeBatch batch) {
        Set<String> imeis = new LinkedHashSet<>();
        batch.records().forEach(r -> imeis.add(r.record().imei()));
        return imeis;
    }

    /**
     * The stored versions of the batch's keys, by point lookups on the key's unique index: a peer batch spans
     * whole archives of many trackers, so the ingest path's per-IMEI time range would read most of the store.
     */
    private static Map<RecordKey, Stored> stored(Connection connection, RecordWriter.MergeBatch batch)
            throws SQLException {
        Map<RecordKey, Stored> stored = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(STORED_BY_KEY)) {
            for (RecordWriter.OriginRecord o : batch.records()) {
                RecordKey key = o.record().key();
                if (stored.containsKey(key)) {
                    continue;
                }
                st.setString(1, key.imei());
                st.setLong(2, key.timeMs());
                st.setInt(3, key.recordNumber());
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        stored.put(key, new Stored(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                                rs.getLong(5)));
                    }
                }
            }
        }
        return stored;
    }

    /** The version to replace was inserted earlier in this same batch: write it out, then find its row. */
    private static long flushAndFindId(PreparedStatement insert, Connection connection, RecordKey key)
            throws SQLException {
        insert.executeBatch();
        try (PreparedStatement st = connection.prepareStatement(ID_OF_KEY)) {
            st.setString(1, key.imei());
            st.setLong(2, key.timeMs());
            st.setInt(3, key.recordNumber());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static TrackRecord readRecord(Connection connection, long id) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "select " + RecordRows.RECORD_COLUMNS + " from records where id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return RecordRows.read(rs);
            }
        }
    }

    private static void bindConflict(PreparedStatement st, long now, TrackRecord key, Stored winner, Stored loser,
                                     TrackRecord loserRecord) throws SQLException {
        st.setLong(1, now);
        st.setString(2, key.imei());
        st.setLong(3, key.timeMs());
        st.setInt(4, key.recordNumber());
        st.setString(5, winner.originNode());
        st.setLong(6, winner.originSeq());
        st.setLong(7, winner.receivedAt());
        st.setString(8, loser.originNode());
        st.setLong(9, loser.originSeq());
        st.setLong(10, loser.receivedAt());
        st.setString(11, JSON.writeValueAsString(loserRecord));
    }

    /** What the merge needs to know about a stored version of a key; id -1: inserted in this batch. */
    private record Stored(long id, long hash, String originNode, long originSeq, long receivedAt) {

        /** The conflict rule: later receive time wins, then the larger origin node id, then the larger hash. */
        boolean beats(Stored other) {
            if (receivedAt != other.receivedAt) {
                return receivedAt > other.receivedAt;
            }
            int byNode = originNode.compareTo(other.originNode);
            return byNode != 0 ? byNode > 0 : hash > other.hash;
        }
    }

    /**
     * Keys of this batch that are already stored: one point lookup per record on the unique key. (A time-span
     * query per IMEI would read the device's whole history when an archive mixes unset-clock and real times.)
     */
    private static Set<RecordKey> storedKeys(Connection connection, List<WriteRequest> requests) throws SQLException {
        Set<RecordKey> keys = new HashSet<>();
        try (PreparedStatement st = connection.prepareStatement(KEY_EXISTS)) {
            for (WriteRequest request : requests) {
                for (TrackRecord r : request.records()) {
                    st.setString(1, r.imei());
                    st.setLong(2, r.timeMs());
                    st.setInt(3, r.recordNumber());
                    try (ResultSet rs = st.executeQuery()) {
                        if (rs.next()) {
                            keys.add(r.key());
                        }
                    }
                }
            }
        }
        return keys;
    }

    /**
     * Binds a record for {@link #INSERT_RECORD}, or, shifted by the three key columns, for
     * {@link #REPLACE_RECORD} (whose parameters are the insert's without imei, time and number).
     */
    private static void bindRecord(PreparedStatement st, boolean withKey, TrackRecord r, long receivedAt,
                                   String originNode, long originSeq, long hash) throws SQLException {
        int i = 1;
        if (withKey) {
            st.setString(i++, r.imei());
            st.setLong(i++, r.timeMs());
            st.setInt(i++, r.recordNumber());
        }
        RecordRows.setDouble(st, i++, r.latitude());
        RecordRows.setDouble(st, i++, r.longitude());
        RecordRows.setInt(st, i++, r.satellites());
        if (r.fixValid() == null) {
            st.setNull(i++, Types.BOOLEAN);
        } else {
            st.setBoolean(i++, r.fixValid());
        }
        RecordRows.setDouble(st, i++, r.speed());
        RecordRows.setDouble(st, i++, r.course());
        RecordRows.setInt(st, i++, r.altitude());
        RecordRows.setDouble(st, i++, r.hdop());
        RecordRows.setInt(st, i++, r.status());
        RecordRows.setInt(st, i++, r.supplyVoltage());
        RecordRows.setInt(st, i++, r.batteryVoltage());
        RecordRows.setInt(st, i++, r.temperature());
        RecordRows.setInt(st, i++, r.outputs());
        RecordRows.setInt(st, i++, r.inputs());
        st.setString(i++, RecordRows.attributesJson(r.attributes()));
        st.setLong(i++, receivedAt);
        st.setString(i++, originNode);
        st.setLong(i++, originSeq);
        st.setLong(i, hash);
    }

    private static void bindQuarantine(PreparedStatement st, WriteRequest.QuarantineEntry q, long receivedAt)
            throws SQLException {
        st.setLong(1, receivedAt);
        st.setString(2, q.imei());
        st.setString(3, q.remoteAddress());
        st.setInt(4, q.header());
        st.setString(5, q.reason().length() > 1000 ? q.reason().substring(0, 1000) : q.reason());
        st.setString(6, q.frameHex());
    }

}
