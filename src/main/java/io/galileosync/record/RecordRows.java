package io.galileosync.record;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** How a {@link TrackRecord} maps onto a row of the records table, and its content hash. */
public final class RecordRows {

    private RecordRows() {
    }

    /** The record columns {@link #read} reads, for a {@code select} of the records table. */
    public static final String RECORD_COLUMNS = """
            imei, time_ms, record_number, latitude, longitude, satellites, fix_valid, speed, course, altitude, \
            hdop, status, supply_voltage, battery_voltage, temperature, outputs, inputs, attributes""";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Canonical form for hashing: map entries by key, so attribute order never changes a hash. */
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() { };

    /** Reads the {@link #RECORD_COLUMNS} of the current row. */
    public static TrackRecord read(ResultSet rs) throws SQLException {
        return new TrackRecord(rs.getString("imei"), rs.getLong("time_ms"), rs.getInt("record_number"),
                rs.getObject("latitude", Double.class), rs.getObject("longitude", Double.class),
                rs.getObject("satellites", Integer.class), rs.getObject("fix_valid", Boolean.class),
                rs.getObject("speed", Double.class), rs.getObject("course", Double.class),
                rs.getObject("altitude", Integer.class), rs.getObject("hdop", Double.class),
                rs.getObject("status", Integer.class), rs.getObject("supply_voltage", Integer.class),
                rs.getObject("battery_voltage", Integer.class), rs.getObject("temperature", Integer.class),
                rs.getObject("outputs", Integer.class), rs.getObject("inputs", Integer.class),
                JSON.readValue(rs.getString("attributes"), ATTRIBUTES));
    }

    /**
     * A 64-bit hash of a record's key and content (not its origin or receive time): equal on every node that
     * holds the same version, whatever path it came by; the digest sums it per IMEI.
     */
    public static long contentHash(TrackRecord record) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(record));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String attributesJson(Map<String, Object> attributes) {
        return JSON.writeValueAsString(attributes);
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
}
