package io.galileosync.command;

import io.galileosync.command.CommandEvent.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one place that knows the {@code command_events} columns: writes on the store writer's connection, reads
 * (of what is committed) through JDBC.
 */
@Component
class CommandEventTable {

    private static final String COLUMNS = "origin_node, origin_seq, kind, command_id, imei, command_number,"
            + " happened_at, attempt, body, binary_hex, expires_at, max_sends";
    private static final String WITH_JPEG = COLUMNS + ", jpeg";

    /** A photo as listed: where it is in the log, and its size. */
    record PhotoInfo(String origin, long seq, String imei, long at, int bytes) {
    }

    private final JdbcClient jdbc;

    CommandEventTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---------------------------------------------------------------- in a writer transaction

    /** The highest sequence number held of this origin (its entries are held without gaps up to it). */
    static long held(Connection connection, String origin) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "select coalesce(max(origin_seq), 0) from command_events where origin_node = ?")) {
            st.setString(1, origin);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void insert(Connection connection, StoredEvent stored) throws SQLException {
        CommandEvent e = stored.event();
        try (PreparedStatement st = connection.prepareStatement("insert into command_events (" + WITH_JPEG
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, stored.origin());
            st.setLong(2, stored.seq());
            st.setString(3, e.kind().code());
            st.setString(4, e.command());
            st.setString(5, e.imei());
            st.setLong(6, e.number());
            st.setLong(7, e.at());
            st.setInt(8, e.attempt() == null ? 0 : e.attempt());
            st.setString(9, e.text());
            st.setString(10, e.binary());
            Columns.setLong(st, 11, e.expiresAt());
            Columns.setInt(st, 12, e.maxSends());
            st.setBytes(13, e.jpeg());
            st.executeUpdate();
        }
    }

    /** The command's own entries: created, sent, unanswered, expired. */
    static List<StoredEvent> ofCommand(Connection connection, String commandId) throws SQLException {
        return list(connection, "select " + COLUMNS + " from command_events where command_id = ?", commandId);
    }

    /** The replies to this IMEI's command number. */
    static List<StoredEvent> replies(Connection connection, String imei, long number) throws SQLException {
        return list(connection, "select " + COLUMNS + " from command_events where imei = ? and command_number = ?"
                + " and kind = '" + Kind.REPLIED.code() + "'", imei, number);
    }

    /** Whether any entry (a command or a reply) of this IMEI has this number. */
    static boolean numberUsed(Connection connection, String imei, long number) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "select 1 from command_events where imei = ? and command_number = ? fetch first 1 rows only")) {
            st.setString(1, imei);
            st.setLong(2, number);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---------------------------------------------------------------- reads of what is committed

    /** Per origin, the highest sequence number held. */
    Map<String, Long> vector() {
        Map<String, Long> vector = new TreeMap<>();
        jdbc.sql("select origin_node, max(origin_seq) from command_events group by origin_node")
                .query(rs -> {
                    vector.put(rs.getString(1), rs.getLong(2));
                });
        return vector;
    }

    /** Entries of one origin numbered {@code (after, upTo]}, in order, photos with their bytes. */
    List<StoredEvent> byOrigin(String origin, long after, long upTo, int limit) {
        return jdbc.sql("select " + WITH_JPEG + " from command_events where origin_node = ? and origin_seq > ?"
                        + " and origin_seq <= ? order by origin_seq fetch first " + limit + " rows only")
                .params(origin, after, upTo)
                .query((rs, i) -> read(rs, true))
                .list();
    }

    /** The replies of an IMEI, newest first. */
    List<StoredEvent> replies(String imei, int offset, int limit) {
        return jdbc.sql("select " + COLUMNS + " from command_events where imei = ? and kind = ?"
                        + " order by happened_at desc, origin_node, origin_seq offset " + offset + " rows fetch first "
                        + limit + " rows only")
                .params(imei, Kind.REPLIED.code())
                .query((rs, i) -> read(rs, false))
                .list();
    }

    long replyCount(String imei) {
        return jdbc.sql("select count(*) from command_events where imei = ? and kind = ?")
                .params(imei, Kind.REPLIED.code()).query(Long.class).single();
    }

    /** An IMEI's photos, oldest first, without their bytes. */
    List<PhotoInfo> photos(String imei) {
        return jdbc.sql("select origin_node, origin_seq, imei, happened_at, octet_length(jpeg) from command_events"
                        + " where imei = ? and kind = ? order by happened_at, origin_node, origin_seq")
                .params(imei, Kind.PHOTO.code())
                .query((rs, i) -> new PhotoInfo(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getInt(5)))
                .list();
    }

    Optional<byte[]> jpeg(String origin, long seq) {
        return jdbc.sql("select jpeg from command_events where origin_node = ? and origin_seq = ? and kind = ?")
                .params(origin, seq, Kind.PHOTO.code())
                .query((rs, i) -> rs.getBytes(1))
                .optional();
    }

    // ---------------------------------------------------------------- rows

    private static List<StoredEvent> list(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<StoredEvent> events = new ArrayList<>();
                while (rs.next()) {
                    events.add(read(rs, false));
                }
                return events;
            }
        }
    }

    private static StoredEvent read(ResultSet rs, boolean withJpeg) throws SQLException {
        Kind kind = Kind.of(rs.getString("kind"));
        int attempt = rs.getInt("attempt");
        CommandEvent event = new CommandEvent(kind, rs.getString("command_id"), rs.getString("imei"),
                rs.getLong("command_number"), rs.getLong("happened_at"),
                kind.required.contains(CommandEvent.Field.ATTEMPT) ? attempt : null, rs.getString("body"),
                rs.getString("binary_hex"), Columns.getLong(rs, "expires_at"), Columns.getInt(rs, "max_sends"),
                withJpeg ? rs.getBytes("jpeg") : null);
        return new StoredEvent(rs.getString("origin_node"), rs.getLong("origin_seq"), event);
    }
}
