package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Everything one batch changes about one device, applied with one read and one write. */
final class DeviceChange {
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
            RecordTable.setLong(st, 8, newerFix ? latestFix.timeMs() : null);
            st.setBoolean(9, newerFix);
            RecordTable.setDouble(st, 10, newerFix ? latestFix.latitude() : null);
            st.setBoolean(11, newerFix);
            RecordTable.setDouble(st, 12, newerFix ? latestFix.longitude() : null);
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
            RecordTable.setLong(st, 9, latestFix == null ? null : latestFix.timeMs());
            RecordTable.setDouble(st, 10, latestFix == null ? null : latestFix.latitude());
            RecordTable.setDouble(st, 11, latestFix == null ? null : latestFix.longitude());
            st.executeUpdate();
        }
    }

    private void bindSighting(PreparedStatement st, int first) throws SQLException {
        WriteRequest.DeviceSighting s = sighting;
        RecordTable.setInt(st, first, s == null ? null : s.hardwareVersion());
        RecordTable.setInt(st, first + 1, s == null ? null : s.firmwareVersion());
        RecordTable.setInt(st, first + 2, s == null ? null : s.deviceNumber());
        RecordTable.setString(st, first + 3, s == null ? null : s.remoteAddress());
    }

    /**
     * Device rows from another source (the original app's devices.json): a device not known yet is added with
     * no records; of a known one only what is unknown is filled (remote address) and the seen span widened.
     */
    static int fill(Connection connection, List<DeviceFill> fills) throws SQLException {
        int added = 0;
        try (PreparedStatement update = connection.prepareStatement(
                "update devices set first_seen = least(first_seen, ?), last_seen = greatest(last_seen, ?),"
                        + " remote_address = coalesce(remote_address, ?) where imei = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "insert into devices (imei, first_seen, last_seen, record_count, remote_address)"
                             + " values (?, ?, ?, 0, ?)")) {
            for (DeviceFill fill : fills) {
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
}
