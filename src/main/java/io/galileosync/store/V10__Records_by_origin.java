package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Record rows keyed by origin (portable SQL, H2 and PostgreSQL): a row's id becomes its origin's id and its
 * sequence number in one ({@link RecordTable#rowId}), so the table, kept in id order, holds each origin's records
 * as one stretch in sequence order, and the index on (origin, sequence) goes. Rows are copied as they are, their
 * ids computed; a row whose origin and number another row had first (a copied data folder, a lying peer) is kept
 * under this node's next numbers, as the writer keeps such records from now on.
 */
@Component
class V10__Records_by_origin extends BaseJavaMigration {

    private static final String[] BEFORE = {
        "alter table records rename to records_v9",
        "alter table records_v9 drop constraint uk_records_key",
        "drop index ix_records_time",
        """
        create table records (
            id            bigint  not null primary key,
            imei_id       integer not null,
            time_ms       bigint  not null,
            record_number integer not null,
            body          bytea   not null,
            received_at   bigint  not null,
            origin_id     integer not null,
            origin_seq    bigint  not null,
            content_hash  bigint  not null
        )""",
    };
    private static final String[] AFTER = {
        "alter table records add constraint uk_records_key unique (imei_id, time_ms, record_number)",
        "create index ix_records_time on records (time_ms)",
        "drop table records_v9",
    };
    private static final String COLUMNS = "imei_id, time_ms, record_number, body, received_at, origin_id, origin_seq,"
            + " content_hash";
    /** A row that keeps its origin and number: they fit a row id, and no row before it had them. */
    private static final String KEEPS_ITS_ID = """
            r.origin_id <= %d and r.origin_seq >= 0 and r.origin_seq <= %d
            and not exists (select 1 from records_v9 d
                where d.origin_id = r.origin_id and d.origin_seq = r.origin_seq and d.id < r.id)"""
            .formatted(RecordTable.MAX_ORIGIN_ID, StoredRecord.MAX_SEQ);
    private static final String COPY = "insert into records (id, " + COLUMNS + ") select cast(r.origin_id as bigint)"
            + " * " + (1L << RecordTable.SEQ_BITS) + " + r.origin_seq, " + COLUMNS.replaceAll("(\\w+)", "r.$1")
            + " from records_v9 r where " + KEEPS_ITS_ID;
    private static final String OTHERS = "select r.id from records_v9 r where not (" + KEEPS_ITS_ID + ") order by r.id";
    private static final String RENUMBER = "insert into records (id, " + COLUMNS + ") select ?, imei_id, time_ms,"
            + " record_number, body, received_at, ?, ?, content_hash from records_v9 where id = ?";

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement st = connection.createStatement()) {
            for (String sql : BEFORE) {
                st.execute(sql);
            }
            st.executeUpdate(COPY);
        }
        renumberTheOthers(connection);
        try (Statement st = connection.createStatement()) {
            for (String sql : AFTER) {
                st.execute(sql);
            }
        }
    }

    private static void renumberTheOthers(Connection connection) throws SQLException {
        List<Long> others = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(OTHERS)) {
            while (rs.next()) {
                others.add(rs.getLong(1));
            }
        }
        if (others.isEmpty()) {
            return;
        }
        String self = state(connection, "node_id");
        int originId = ownOriginId(connection, self);
        long seq = Long.parseLong(state(connection, LocalSequence.KEY));
        try (PreparedStatement insert = connection.prepareStatement(RENUMBER)) {
            for (long old : others) {
                seq++;
                insert.setLong(1, RecordTable.rowId(originId, seq));
                insert.setInt(2, originId);
                insert.setLong(3, seq);
                insert.setLong(4, old);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement st = connection.prepareStatement(
                "update node_state set state_value = ? where name = ?")) {
            st.setString(1, Long.toString(seq));
            st.setString(2, LocalSequence.KEY);
            st.executeUpdate();
        }
    }

    private static String state(Connection connection, String name) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("select state_value from node_state where name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("records to renumber, but no " + name + " in node_state");
                }
                return rs.getString(1);
            }
        }
    }

    private static int ownOriginId(Connection connection, String self) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement("select id from record_origins where node_id = ?")) {
            find.setString(1, self);
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1);
                }
            }
            try (PreparedStatement add = connection.prepareStatement("insert into record_origins (node_id) values (?)")) {
                add.setString(1, self);
                add.executeUpdate();
            }
            try (ResultSet rs = find.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
