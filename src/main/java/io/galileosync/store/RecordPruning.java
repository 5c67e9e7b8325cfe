package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Retention's deletes: by age, and by a cap per IMEI that keeps each tracker's newest records. */
final class RecordPruning {

    private RecordPruning() {
    }

    /** @param maxPerImei 0 for no cap */
    static Pruned prune(Connection connection, RecordTable table, int maxPerImei, long minTimeMs) throws SQLException {
        int cap = maxPerImei > 0 ? maxPerImei : Integer.MAX_VALUE;
        if (cap == Integer.MAX_VALUE && minTimeMs == Long.MIN_VALUE) {
            return new Pruned(0, Map.of()); // no limit set (the default): no need to read every record to know
        }
        List<Integer> imeiIds = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(
                "select imei_id from records group by imei_id having count(*) > ? or min(time_ms) < ?")) {
            st.setLong(1, cap);
            st.setLong(2, minTimeMs);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    imeiIds.add(rs.getInt(1));
                }
            }
        }
        int deleted = 0;
        Map<String, Long> horizons = new LinkedHashMap<>();
        for (int imeiId : imeiIds) {
            long horizon = Math.max(minTimeMs, cap == Integer.MAX_VALUE ? Long.MIN_VALUE : newestKept(connection, imeiId, cap));
            try (PreparedStatement st = connection.prepareStatement(
                    "delete from records where imei_id = ? and time_ms < ?")) {
                st.setInt(1, imeiId);
                st.setLong(2, horizon);
                deleted += st.executeUpdate();
            }
            horizons.put(table.imei(imeiId), horizon);
        }
        return new Pruned(deleted, horizons);
    }

    /**
     * The oldest {@code fraction} of all records by device time: every record before the time at that rank goes,
     * and each IMEI that lost records gets that time as its horizon.
     */
    static Pruned pruneOldest(Connection connection, double fraction) throws SQLException {
        long total;
        try (PreparedStatement st = connection.prepareStatement("select count(*) from records");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            total = rs.getLong(1);
        }
        long rank = (long) Math.ceil(total * Math.max(0, Math.min(1, fraction)));
        if (rank <= 0) {
            return new Pruned(0, Map.of());
        }
        long cut;
        try (PreparedStatement st = connection.prepareStatement(
                "select time_ms from records order by time_ms offset ? rows fetch next 1 rows only")) {
            st.setLong(1, Math.min(rank, total - 1));
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return new Pruned(0, Map.of());
                }
                cut = rank >= total ? rs.getLong(1) + 1 : rs.getLong(1);
            }
        }
        Map<String, Long> horizons = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement(
                "select distinct i.imei from records r join record_imeis i on i.id = r.imei_id where r.time_ms < ?")) {
            st.setLong(1, cut);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    horizons.put(rs.getString(1), cut);
                }
            }
        }
        try (PreparedStatement st = connection.prepareStatement("delete from records where time_ms < ?")) {
            st.setLong(1, cut);
            return new Pruned(st.executeUpdate(), horizons);
        }
    }

    /** The time of the IMEI's {@code cap}-th newest record: the oldest one the cap keeps. */
    private static long newestKept(Connection connection, int imeiId, int cap) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "select time_ms from records where imei_id = ? order by time_ms desc offset ? rows fetch next 1 rows only")) {
            st.setInt(1, imeiId);
            st.setInt(2, cap - 1);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
            }
        }
    }
}
