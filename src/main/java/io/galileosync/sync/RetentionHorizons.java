package io.galileosync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Per IMEI, the time before which retention pruned records ({@code retention_horizon}): a peer may not bring
 * those back. Read and raised inside writer transactions only.
 */
final class RetentionHorizons {

    private RetentionHorizons() {
    }

    /** Every IMEI's horizon. */
    static Map<String, Long> all(JdbcClient jdbc) {
        Map<String, Long> horizons = new HashMap<>();
        jdbc.sql("select imei, min_time_ms from retention_horizon").query(rs -> {
            horizons.put(rs.getString(1), rs.getLong(2));
        });
        return horizons;
    }

    /** The effective horizon of an IMEI for two sides: the later of their own and their age horizons. */
    static long both(String imei, Map<String, Long> ours, Long ourMinTime, Map<String, Long> theirs,
                     Long theirMinTime) {
        long horizon = Math.max(ours.getOrDefault(imei, Long.MIN_VALUE),
                theirs == null ? Long.MIN_VALUE : theirs.getOrDefault(imei, Long.MIN_VALUE));
        horizon = Math.max(horizon, ourMinTime == null ? Long.MIN_VALUE : ourMinTime);
        return Math.max(horizon, theirMinTime == null ? Long.MIN_VALUE : theirMinTime);
    }

    static Map<String, Long> of(Connection connection, Collection<String> imeis) throws SQLException {
        Map<String, Long> horizons = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(
                "select min_time_ms from retention_horizon where imei = ?")) {
            for (String imei : imeis) {
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

    /** Raises each IMEI's horizon to the given time (never lowers it). */
    static void raise(Connection connection, Map<String, Long> horizons) throws SQLException {
        Maxima.HORIZONS.raise(connection, horizons);
    }
}
