package io.galileosync.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
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
                attributes, received_at, origin_node, origin_seq)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String KEYS_IN_RANGE =
            "select time_ms, record_number from records where imei = ? and time_ms between ? and ?";
    private static final String INSERT_QUARANTINE = """
            insert into quarantine (received_at, imei, remote_address, header, reason, frame_hex)
            values (?, ?, ?, ?, ?, ?)""";

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
                "select coalesce(max(origin_seq), 0) from records where origin_node = ?")) {
            st.setString(1, nodeId);
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
                    bindRecord(insert, record, request.receivedAt());
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
        return results;
    }

    /** Keys already stored for the IMEIs and time spans in this batch (an archive is contiguous in time). */
    private static Set<RecordKey> storedKeys(Connection connection, List<WriteRequest> requests) throws SQLException {
        Map<String, long[]> spans = new LinkedHashMap<>();
        for (WriteRequest request : requests) {
            for (TrackRecord r : request.records()) {
                long[] span = spans.computeIfAbsent(r.imei(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                span[0] = Math.min(span[0], r.timeMs());
                span[1] = Math.max(span[1], r.timeMs());
            }
        }
        Set<RecordKey> keys = new HashSet<>();
        try (PreparedStatement st = connection.prepareStatement(KEYS_IN_RANGE)) {
            for (Map.Entry<String, long[]> span : spans.entrySet()) {
                st.setString(1, span.getKey());
                st.setLong(2, span.getValue()[0]);
                st.setLong(3, span.getValue()[1]);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new RecordKey(span.getKey(), rs.getLong(1), rs.getInt(2)));
                    }
                }
            }
        }
        return keys;
    }

    private void bindRecord(PreparedStatement st, TrackRecord r, long receivedAt) throws SQLException {
        st.setString(1, r.imei());
        st.setLong(2, r.timeMs());
        st.setInt(3, r.recordNumber());
        setDouble(st, 4, r.latitude());
        setDouble(st, 5, r.longitude());
        setInt(st, 6, r.satellites());
        if (r.fixValid() == null) {
            st.setNull(7, Types.BOOLEAN);
        } else {
            st.setBoolean(7, r.fixValid());
        }
        setDouble(st, 8, r.speed());
        setDouble(st, 9, r.course());
        setInt(st, 10, r.altitude());
        setDouble(st, 11, r.hdop());
        setInt(st, 12, r.status());
        setInt(st, 13, r.supplyVoltage());
        setInt(st, 14, r.batteryVoltage());
        setInt(st, 15, r.temperature());
        setInt(st, 16, r.outputs());
        setInt(st, 17, r.inputs());
        st.setString(18, JSON.writeValueAsString(r.attributes()));
        st.setLong(19, receivedAt);
        st.setString(20, nodeId);
        st.setLong(21, nextSequence++);
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

    private static void setDouble(PreparedStatement st, int index, Double value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.DOUBLE);
        } else {
            st.setDouble(index, value);
        }
    }

    private static void setInt(PreparedStatement st, int index, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setInt(index, value);
        }
    }

    /** Everything one batch changes about one device, applied with one read and one write. */
    private static final class DeviceChange {
        private final String imei;
        private WriteRequest.DeviceSighting sighting;
        private long seenAt = Long.MIN_VALUE;
        private long added;
        private TrackRecord latestFix;

        DeviceChange(String imei) {
            this.imei = imei;
        }

        void add(TrackRecord record, long receivedAt) {
            added++;
            seenAt = Math.max(seenAt, receivedAt);
            if (record.latitude() != null && record.longitude() != null && Boolean.TRUE.equals(record.fixValid())
                    && (latestFix == null || record.timeMs() > latestFix.timeMs())) {
                latestFix = record;
            }
        }

        void seen(WriteRequest.DeviceSighting sighting, long receivedAt) {
            this.sighting = sighting;
            seenAt = Math.max(seenAt, receivedAt);
        }

        void apply(Connection connection) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(
                    "select last_time_ms from devices where imei = ?")) {
                select.setString(1, imei);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        long lastTime = rs.getLong(1);
                        update(connection, rs.wasNull() ? Long.MIN_VALUE : lastTime);
                    } else {
                        insert(connection);
                    }
                }
            }
        }

        private void update(Connection connection, long lastTime) throws SQLException {
            boolean newerFix = latestFix != null && latestFix.timeMs() > lastTime;
            try (PreparedStatement st = connection.prepareStatement("""
                    update devices set last_seen = greatest(last_seen, ?), record_count = record_count + ?,
                        hardware_version = coalesce(?, hardware_version), firmware_version = coalesce(?, firmware_version),
                        device_number = coalesce(?, device_number), remote_address = coalesce(?, remote_address),
                        last_time_ms = case when ? then ? else last_time_ms end,
                        last_latitude = case when ? then ? else last_latitude end,
                        last_longitude = case when ? then ? else last_longitude end
                    where imei = ?""")) {
                st.setLong(1, seenAt);
                st.setLong(2, added);
                bindSighting(st, 3);
                st.setBoolean(7, newerFix);
                setNullableLong(st, 8, newerFix ? latestFix.timeMs() : null);
                st.setBoolean(9, newerFix);
                setDouble(st, 10, newerFix ? latestFix.latitude() : null);
                st.setBoolean(11, newerFix);
                setDouble(st, 12, newerFix ? latestFix.longitude() : null);
                st.setString(13, imei);
                st.executeUpdate();
            }
        }

        private void insert(Connection connection) throws SQLException {
            try (PreparedStatement st = connection.prepareStatement("""
                    insert into devices (imei, first_seen, last_seen, record_count, hardware_version, firmware_version,
                        device_number, remote_address, last_time_ms, last_latitude, last_longitude)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                st.setString(1, imei);
                st.setLong(2, seenAt);
                st.setLong(3, seenAt);
                st.setLong(4, added);
                bindSighting(st, 5);
                setNullableLong(st, 9, latestFix == null ? null : latestFix.timeMs());
                setDouble(st, 10, latestFix == null ? null : latestFix.latitude());
                setDouble(st, 11, latestFix == null ? null : latestFix.longitude());
                st.executeUpdate();
            }
        }

        private void bindSighting(PreparedStatement st, int first) throws SQLException {
            WriteRequest.DeviceSighting s = sighting;
            setInt(st, first, s == null ? null : s.hardwareVersion());
            setInt(st, first + 1, s == null ? null : s.firmwareVersion());
            setInt(st, first + 2, s == null ? null : s.deviceNumber());
            if (s == null || s.remoteAddress() == null) {
                st.setNull(first + 3, Types.VARCHAR);
            } else {
                st.setString(first + 3, s.remoteAddress());
            }
        }

        private static void setNullableLong(PreparedStatement st, int index, Long value) throws SQLException {
            if (value == null) {
                st.setNull(index, Types.BIGINT);
            } else {
                st.setLong(index, value);
            }
        }
    }
}
