package io.galileosync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** How a {@link StoredRecord} maps onto a row of the records table: the one place that knows its columns. */
final class RecordTable {

    /** The record columns {@link #read} reads, for a {@code select} of the records table. */
    static final String RECORD_COLUMNS = """
            imei, time_ms, record_number, latitude, longitude, satellites, fix_valid, speed, course, altitude, \
            hdop, status, supply_voltage, battery_voltage, temperature, outputs, inputs, attributes""";
    /** {@link #RECORD_COLUMNS} and the origin, for {@link #readStored}. */
    static final String STORED_COLUMNS = RECORD_COLUMNS + ", received_at, origin_node, origin_seq";

    static final String INSERT = "insert into records (" + STORED_COLUMNS + ", content_hash)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String REPLACE = """
            update records set latitude = ?, longitude = ?, satellites = ?, fix_valid = ?, speed = ?, course = ?,
                altitude = ?, hdop = ?, status = ?, supply_voltage = ?, battery_voltage = ?, temperature = ?,
                outputs = ?, inputs = ?, attributes = ?, received_at = ?, origin_node = ?, origin_seq = ?,
                content_hash = ?
            where imei = ? and time_ms = ? and record_number = ?""";
    static final String VERSION_OF_KEY = """
            select content_hash, origin_node, origin_seq, received_at from records
            where imei = ? and time_ms = ? and record_number = ?""";
    static final String STORED_OF_KEY = "select " + STORED_COLUMNS
            + " from records where imei = ? and time_ms = ? and record_number = ?";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() { };

    private RecordTable() {
    }

    /** Reads the {@link #RECORD_COLUMNS} of the current row. */
    static TrackRecord read(ResultSet rs) throws SQLException {
        return new TrackRecord(rs.getString("imei"), rs.getLong("time_ms"), rs.getInt("record_number"),
                rs.getObject("latitude", Double.class), rs.getObject("longitude", Double.class),
                rs.getObject("satellites", Integer.class), rs.getObject("fix_valid", Boolean.class),
                rs.getObject("speed", Double.class), rs.getObject("course", Double.class),
                rs.getObject("altitude", Integer.class), rs.getObject("hdop", Double.class),
                rs.getObject("status", Integer.class), rs.getObject("supply_voltage", Integer.class),
                rs.getObject("battery_voltage", Integer.class), rs.getObject("temperature", Integer.class),
                rs.getObject("outputs", Integer.class), rs.getObject("inputs", Integer.class),
                attributes(rs.getString("attributes")));
    }

    /** Reads the {@link #STORED_COLUMNS} of the current row. */
    static StoredRecord readStored(ResultSet rs) throws SQLException {
        return new StoredRecord(read(rs), rs.getString("origin_node"), rs.getLong("origin_seq"),
                rs.getLong("received_at"));
    }

    static Map<String, Object> attributes(String json) {
        return JSON.readValue(json, ATTRIBUTES);
    }

    static String attributesJson(Map<String, Object> attributes) {
        return JSON.writeValueAsString(attributes);
    }

    /** Binds {@link #INSERT}. */
    static void bindInsert(PreparedStatement st, StoredRecord stored, long hash) throws SQLException {
        TrackRecord r = stored.record();
        st.setString(1, r.imei());
        st.setLong(2, r.timeMs());
        st.setInt(3, r.recordNumber());
        bindContent(st, 4, stored, hash);
    }

    /** Binds {@link #REPLACE}: the content first, the key last. */
    static void bindReplace(PreparedStatement st, StoredRecord stored, long hash) throws SQLException {
        TrackRecord r = stored.record();
        int next = bindContent(st, 1, stored, hash);
        st.setString(next, r.imei());
        st.setLong(next + 1, r.timeMs());
        st.setInt(next + 2, r.recordNumber());
    }

    static void bindKey(PreparedStatement st, RecordKey key) throws SQLException {
        st.setString(1, key.imei());
        st.setLong(2, key.timeMs());
        st.setInt(3, key.recordNumber());
    }

    /** Binds everything but the key from {@code first} on; answers the next parameter index. */
    private static int bindContent(PreparedStatement st, int first, StoredRecord stored, long hash)
            throws SQLException {
        TrackRecord r = stored.record();
        int i = first;
        setDouble(st, i++, r.latitude());
        setDouble(st, i++, r.longitude());
        setInt(st, i++, r.satellites());
        if (r.fixValid() == null) {
            st.setNull(i++, Types.BOOLEAN);
        } else {
            st.setBoolean(i++, r.fixValid());
        }
        setDouble(st, i++, r.speed());
        setDouble(st, i++, r.course());
        setInt(st, i++, r.altitude());
        setDouble(st, i++, r.hdop());
        setInt(st, i++, r.status());
        setInt(st, i++, r.supplyVoltage());
        setInt(st, i++, r.batteryVoltage());
        setInt(st, i++, r.temperature());
        setInt(st, i++, r.outputs());
        setInt(st, i++, r.inputs());
        st.setString(i++, attributesJson(r.attributes()));
        st.setLong(i++, stored.receivedAt());
        st.setString(i++, stored.originNode());
        st.setLong(i++, stored.originSeq());
        st.setLong(i++, hash);
        return i;
    }

    static void setDouble(PreparedStatement st, int index, Double value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.DOUBLE);
        } else {
            st.setDouble(index, value);
        }
    }

    static void setInt(PreparedStatement st, int index, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setInt(index, value);
        }
    }

    static void setLong(PreparedStatement st, int index, Long value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.BIGINT);
        } else {
            st.setLong(index, value);
        }
    }

    static void setString(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.VARCHAR);
        } else {
            st.setString(index, value);
        }
    }
}
