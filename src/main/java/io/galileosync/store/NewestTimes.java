package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * For each IMEI, a time no stored record of it is later than: a tracker sends its records in time order, so
 * nearly every new record is later than that and is known not to be held without a look-up. Only the writer
 * thread uses it. The bound may be too high (a rolled-back insert, pruned records), never too low; a writer
 * that finds it wrong anyway (a row inserted behind the writer's back) starts afresh with {@link #forget}.
 */
final class NewestTimes {

    private static final String NEWEST = """
            select time_ms from records where imei_id = ?
            order by imei_id desc, time_ms desc, record_number desc fetch first 1 rows only""";

    private final Map<String, Long> bounds = new HashMap<>();

    /** True when a record of this IMEI at this time may be stored (so a look-up must tell). */
    boolean mayHold(Connection connection, Integer imeiId, String imei, long timeMs) throws SQLException {
        Long bound = bounds.get(imei);
        if (bound == null) {
            bound = imeiId == null ? Long.MIN_VALUE : newest(connection, imeiId);
            bounds.put(imei, bound);
        }
        return timeMs <= bound;
    }

    void stored(String imei, long timeMs) {
        bounds.computeIfPresent(imei, (k, bound) -> Math.max(bound, timeMs));
    }

    void forget() {
        bounds.clear();
    }

    private static long newest(Connection connection, int imeiId) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(NEWEST)) {
            st.setInt(1, imeiId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
            }
        }
    }
}
