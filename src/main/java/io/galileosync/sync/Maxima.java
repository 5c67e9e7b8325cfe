package io.galileosync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * A table of per-key values that only ever rise (the vector's sequence numbers, the retention horizons):
 * raised inside writer transactions only, so a row absent now cannot be inserted by anyone else meanwhile.
 */
record Maxima(String table, String keyColumn, String valueColumn) {

    static final Maxima VECTOR = new Maxima("sync_vector", "origin_node", "max_seq");
    static final Maxima HORIZONS = new Maxima("retention_horizon", "imei", "min_time_ms");

    /** Raises each key's value to the given one; never lowers it. */
    void raise(Connection connection, Map<String, Long> values) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + table + " set " + valueColumn
                + " = ? where " + keyColumn + " = ? and " + valueColumn + " < ?");
             PreparedStatement insert = connection.prepareStatement("insert into " + table + " (" + keyColumn + ", "
                     + valueColumn + ") select ?, ? where not exists (select 1 from " + table + " where "
                     + keyColumn + " = ?)")) {
            for (Map.Entry<String, Long> value : values.entrySet()) {
                update.setLong(1, value.getValue());
                update.setString(2, value.getKey());
                update.setLong(3, value.getValue());
                if (update.executeUpdate() == 0) {
                    insert.setString(1, value.getKey());
                    insert.setLong(2, value.getValue());
                    insert.setString(3, value.getKey());
                    insert.executeUpdate();
                }
            }
        }
    }
}
