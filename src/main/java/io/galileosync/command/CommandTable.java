package io.galileosync.command;

import io.galileosync.command.CommandState.Reply;
import io.galileosync.command.CommandState.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one place that knows the {@code commands} columns: each command's folded state, rewritten in the writer
 * transaction that adds one of its entries, read for the API and for the open commands held in memory.
 */
@Component
class CommandTable {

    private static final String COLUMNS = "command_id, imei, command_number, command_text, state, created_at,"
            + " created_by, expires_at, max_sends, sends, sent_at, sent_by, reply_text, reply_hex, replied_at,"
            + " replied_by, ended_at, event_count";
    private static final String SELECT = "select " + COLUMNS + " from commands";

    private final JdbcClient jdbc;

    CommandTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** In a writer transaction: the command's row becomes this state. */
    static void put(Connection connection, CommandState s) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update commands set imei = ?, command_number = ?,"
                + " command_text = ?, state = ?, created_at = ?, created_by = ?, expires_at = ?, max_sends = ?,"
                + " sends = ?, sent_at = ?, sent_by = ?, reply_text = ?, reply_hex = ?, replied_at = ?,"
                + " replied_by = ?, ended_at = ?, event_count = ? where command_id = ?")) {
            int next = bind(update, s, 1);
            update.setString(next, s.id());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into commands (" + COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, s.id());
            bind(insert, s, 2);
            insert.executeUpdate();
        }
    }

    /** In a writer transaction: the ids of this IMEI's commands with this number (one, but for a collision). */
    static List<String> idsOf(Connection connection, String imei, long number) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "select command_id from commands where imei = ? and command_number = ?")) {
            st.setString(1, imei);
            st.setLong(2, number);
            try (ResultSet rs = st.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    /** Commands still queued or sent. */
    List<CommandState> open() {
        return jdbc.sql(SELECT + " where state in (?, ?)").params(State.QUEUED.code(), State.SENT.code())
                .query((rs, i) -> read(rs)).list();
    }

    Optional<CommandState> byId(String id) {
        return jdbc.sql(SELECT + " where command_id = ?").param(id).query((rs, i) -> read(rs)).optional();
    }

    /** The command with this number (numbers are unique across the team; the newest, should two collide). */
    Optional<CommandState> byNumber(long number) {
        return jdbc.sql(SELECT + " where command_number = ? order by created_at desc fetch first 1 rows only")
                .param(number).query((rs, i) -> read(rs)).optional();
    }

    /** An IMEI's commands, newest first. */
    List<CommandState> page(String imei, int offset, int limit) {
        return jdbc.sql(SELECT + " where imei = ? order by created_at desc, command_id offset " + offset
                        + " rows fetch first " + limit + " rows only")
                .param(imei).query((rs, i) -> read(rs)).list();
    }

    /** The id of this IMEI's command with this number (the newest, should two collide). */
    Optional<String> idOf(String imei, long number) {
        return jdbc.sql("select command_id from commands where imei = ? and command_number = ?"
                        + " order by created_at desc fetch first 1 rows only")
                .params(imei, number).query(String.class).optional();
    }

    long count(String imei) {
        return jdbc.sql("select count(*) from commands where imei = ?").param(imei).query(Long.class).single();
    }

    /** Every IMEI's commands, newest first. */
    List<CommandState> newest(int limit) {
        return jdbc.sql(SELECT + " order by created_at desc, command_id fetch first " + limit + " rows only")
                .query((rs, i) -> read(rs)).list();
    }

    /** An IMEI's photo commands, oldest first (a photo belongs to the latest one queued before it came). */
    List<CommandState> photoCommands(String imei) {
        return jdbc.sql(SELECT + " where imei = ? and lower(command_text) like 'makephoto%'"
                        + " order by created_at, command_id")
                .param(imei).query((rs, i) -> read(rs)).list();
    }

    private static int bind(PreparedStatement st, CommandState s, int from) throws SQLException {
        int i = from;
        st.setString(i++, s.imei());
        st.setLong(i++, s.number());
        st.setString(i++, s.text());
        st.setString(i++, s.state().code());
        st.setLong(i++, s.createdAt());
        st.setString(i++, s.createdBy());
        st.setLong(i++, s.expiresAt());
        st.setInt(i++, s.maxSends());
        st.setInt(i++, s.sends());
        Columns.setLong(st, i++, s.sentAt());
        st.setString(i++, s.sentBy());
        Reply reply = s.reply();
        st.setString(i++, reply == null ? null : reply.text());
        st.setString(i++, reply == null ? null : reply.binary());
        Columns.setLong(st, i++, reply == null ? null : reply.at());
        st.setString(i++, reply == null ? null : reply.by());
        Columns.setLong(st, i++, s.endedAt());
        st.setInt(i++, s.events());
        return i;
    }

    private static CommandState read(ResultSet rs) throws SQLException {
        Long repliedAt = Columns.getLong(rs, "replied_at");
        Reply reply = repliedAt == null ? null
                : new Reply(rs.getString("reply_text"), rs.getString("reply_hex"), repliedAt, rs.getString("replied_by"));
        return new CommandState(rs.getString("command_id"), rs.getString("imei"), rs.getLong("command_number"),
                rs.getString("command_text"), State.of(rs.getString("state")), rs.getLong("created_at"),
                rs.getString("created_by"), rs.getLong("expires_at"), rs.getInt("max_sends"), rs.getInt("sends"),
                Columns.getLong(rs, "sent_at"), rs.getString("sent_by"), reply, Columns.getLong(rs, "ended_at"),
                rs.getInt("event_count"));
    }
}
