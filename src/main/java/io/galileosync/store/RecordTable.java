package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * How a {@link StoredRecord} maps onto a row of the records table: the one place that knows its columns. A
 * row is the key (the IMEI by its id in {@code record_imeis}), the origin (the node by its id in
 * {@code record_origins}), the receive time, the {@link ContentHash} and the {@link RecordBody}. The row's id is
 * its origin's id and sequence number in one ({@link #rowId}): the table is kept in id order, so an origin's
 * records are one stretch of it, read in sequence order without an index of their own (a sync's export) and
 * written at its end (a tracker's records, a peer's in order).
 */
@Component
class RecordTable {

    /** The bits of a row id below the origin's id: its sequence number (2^40: 35 years of 1,000 records a second). */
    static final int SEQ_BITS = 40;
    /** Origin ids fit the 23 bits above: 8 million origins. */
    static final int MAX_ORIGIN_ID = (1 << 23) - 1;

    /** The columns {@link #readStored} reads, for a {@code select} of the records table. */
    static final String STORED_COLUMNS = "imei_id, time_ms, record_number, body, received_at, origin_id, origin_seq";

    static final String INSERT = "insert into records (id, " + STORED_COLUMNS + ", content_hash)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String REPLACE = """
            update records set id = ?, body = ?, received_at = ?, origin_id = ?, origin_seq = ?, content_hash = ?
            where imei_id = ? and time_ms = ? and record_number = ?""";
    /** The last row of an origin's stretch of ids. */
    private static final String HIGHEST_SEQ_OF_ORIGIN = """
            select r.origin_seq from records r
            where r.id >= (select o.id from record_origins o where o.node_id = ?) * 1099511627776
            and r.id < ((select o.id from record_origins o where o.node_id = ?) + 1) * 1099511627776
            order by r.id desc fetch first 1 rows only""";
    static final String VERSION_OF_KEY = """
            select content_hash, origin_id, origin_seq, received_at from records
            where imei_id = ? and time_ms = ? and record_number = ?""";
    static final String STORED_OF_KEY = "select " + STORED_COLUMNS
            + " from records where imei_id = ? and time_ms = ? and record_number = ?";
    static final String ID_TAKEN = "select 1 from records where id = ?";
    /** The last row id in {@code [from, to]}: an origin's last row, given its stretch of ids. */
    static final String LAST_ID = "select id from records where id >= ? and id <= ?"
            + " order by id desc fetch first 1 rows only";
    /** Row ids in {@code (from, to]} (one origin's records by sequence number), in order: the table's own order. */
    static final String OF_ORIGIN = "select " + STORED_COLUMNS + " from records where id > ? and id <= ?"
            + " order by id fetch first ? rows only";
    static final String ALL_BY_ORIGIN = "select " + STORED_COLUMNS + " from records order by id";
    static final String NEWEST = "select " + STORED_COLUMNS + " from records order by time_ms desc, id desc"
            + " fetch first ? rows only";
    static final String CONTENT_HASHES = "select imei_id, time_ms, content_hash from records";

    private final NameTable<String> imeis;
    private final NameTable<String> origins;
    private final RecordBody body;

    RecordTable(DataSource dataSource) {
        imeis = new NameTable<>(dataSource, "record_imeis", "imei", Function.identity(), Function.identity());
        origins = new NameTable<>(dataSource, "record_origins", "node_id", Function.identity(), Function.identity());
        body = new RecordBody(new AttributeShapes(dataSource));
    }

    /** Reads the {@link #STORED_COLUMNS} of the current row. */
    StoredRecord readStored(ResultSet rs) throws SQLException {
        return new StoredRecord(read(rs), origin(rs.getInt("origin_id")), rs.getLong("origin_seq"),
                rs.getLong("received_at"));
    }

    /** Like {@link #readStored(ResultSet)}, inside the writer's transaction: names it took count too. */
    StoredRecord readStored(ResultSet rs, NewNames pending) throws SQLException {
        TrackRecord record = body.decode(imeis.name(rs.getInt("imei_id"), pending), rs.getLong("time_ms"),
                rs.getInt("record_number"), rs.getBytes("body"), pending);
        return new StoredRecord(record, origins.name(rs.getInt("origin_id"), pending), rs.getLong("origin_seq"),
                rs.getLong("received_at"));
    }

    /** Reads the record of the current row (key and body). */
    TrackRecord read(ResultSet rs) throws SQLException {
        return record(rs.getInt("imei_id"), rs.getLong("time_ms"), rs.getInt("record_number"), rs.getBytes("body"));
    }

    TrackRecord record(int imeiId, long timeMs, int recordNumber, byte[] bytes) {
        return body.decode(imeis.name(imeiId), timeMs, recordNumber, bytes);
    }

    String imei(int id) {
        return imeis.name(id);
    }

    String origin(int id) {
        return origins.name(id);
    }

    /** The id of an IMEI, or null when no record of it was ever stored. */
    Integer imeiId(String imei) {
        return imeis.find(imei);
    }

    /** The id of an origin node, or null when no record of it was ever stored. */
    Integer originId(String node) {
        return origins.find(node);
    }

    /** Binds {@link #INSERT}. */
    void bindInsert(PreparedStatement st, StoredRecord stored, long hash, NewNames names) throws SQLException {
        st.setLong(1, rowId(stored, names));
        bindInsert(st, stored, hash, names, 2);
    }

    /** The id of the record's row: its origin's id and its sequence number. */
    long rowId(StoredRecord stored, NewNames names) throws SQLException {
        return rowId(origins.idOf(stored.originNode(), names), stored.originSeq());
    }

    static long rowId(int originId, long seq) {
        if (originId < 0 || originId > MAX_ORIGIN_ID || seq < 0 || seq > StoredRecord.MAX_SEQ) {
            throw new IllegalArgumentException("origin " + originId + " and sequence number " + seq
                    + " do not make a row id (at most 2^23 origins and 2^40 numbers)");
        }
        return (long) originId << SEQ_BITS | seq;
    }

    /** The last row id of the origin's stretch, or its first id (sequence number 0) when it has no rows. */
    static long lastId(Connection connection, int originId) throws SQLException {
        long first = rowId(originId, 0);
        try (PreparedStatement st = connection.prepareStatement(LAST_ID)) {
            st.setLong(1, first);
            st.setLong(2, first + StoredRecord.MAX_SEQ);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : first;
            }
        }
    }

    /** The highest sequence number of this origin's rows (0: none). */
    static long highestSeq(Connection connection, String origin) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(HIGHEST_SEQ_OF_ORIGIN)) {
            st.setString(1, origin);
            st.setString(2, origin);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Binds the {@link #STORED_COLUMNS} and the hash from parameter {@code first} on. */
    void bindInsert(PreparedStatement st, StoredRecord stored, long hash, NewNames names, int first)
            throws SQLException {
        TrackRecord r = stored.record();
        st.setInt(first, imeis.idOf(r.imei(), names));
        st.setLong(first + 1, r.timeMs());
        st.setInt(first + 2, r.recordNumber());
        bindContent(st, first + 3, stored, hash, names);
    }

    /** Binds {@link #REPLACE}: the content first, the key last. */
    void bindReplace(PreparedStatement st, StoredRecord stored, long hash, NewNames names) throws SQLException {
        TrackRecord r = stored.record();
        st.setLong(1, rowId(stored, names));
        int next = bindContent(st, 2, stored, hash, names);
        st.setInt(next, imeis.idOf(r.imei(), names));
        st.setLong(next + 1, r.timeMs());
        st.setInt(next + 2, r.recordNumber());
    }

    /** The id of an IMEI in the writer's transaction, or null when no record of it was ever stored. */
    Integer knownImeiId(String imei, NewNames names) throws SQLException {
        return imeis.known(imei, names);
    }

    /** Binds a key lookup, the key's IMEI by its id. */
    static void bindKey(PreparedStatement st, int imeiId, RecordKey key) throws SQLException {
        st.setInt(1, imeiId);
        st.setLong(2, key.timeMs());
        st.setInt(3, key.recordNumber());
    }

    /** Binds everything but the key from {@code first} on; answers the next parameter index. */
    private int bindContent(PreparedStatement st, int first, StoredRecord stored, long hash, NewNames names)
            throws SQLException {
        st.setBytes(first, body.encode(stored.record(), names));
        st.setLong(first + 1, stored.receivedAt());
        st.setInt(first + 2, origins.idOf(stored.originNode(), names));
        st.setLong(first + 3, stored.originSeq());
        st.setLong(first + 4, hash);
        return first + 5;
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
