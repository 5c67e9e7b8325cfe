package io.galileosync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Per IMEI, the time before which retention pruned records ({@code retention_horizon}): a peer may not bring
 * those back. Read and raised inside writer transactions only.
 */
final class RetentionHorizons {

    private RetentionHorizons() {
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
