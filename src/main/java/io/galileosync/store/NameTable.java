package io.galileosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A table of names kept once and referenced from every record row by a small id: IMEIs, origin nodes,
 * attribute shapes. Only the writer takes new ids, inside its transaction ({@link NewNames}); everyone reads
 * through a cache of committed names, falling back to the table.
 *
 * @param <K> the name as the store uses it; stored as the text {@code toColumn} makes of it
 */
final class NameTable<K> {

    private final DataSource dataSource;
    private final String select;
    private final String selectById;
    private final String insert;
    private final Function<K, String> toColumn;
    private final Function<String, K> fromColumn;
    private final Map<K, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, K> names = new ConcurrentHashMap<>();

    NameTable(DataSource dataSource, String table, String column, Function<K, String> toColumn,
              Function<String, K> fromColumn) {
        this.dataSource = dataSource;
        this.select = "select id from " + table + " where " + column + " = ?";
        this.selectById = "select " + column + " from " + table + " where id = ?";
        this.insert = "insert into " + table + " (" + column + ") values (?)";
        this.toColumn = toColumn;
        this.fromColumn = fromColumn;
    }

    /** The id of {@code name}, taking a new one in the transaction of {@code pending} when it has none yet. */
    int idOf(K name, NewNames pending) throws SQLException {
        Integer id = known(name, pending);
        if (id == null) {
            id = take(pending.connection(), name);
            pending.add(this, name, id);
        }
        return id;
    }

    /** The id of {@code name} if it is in the cache, without a look-up. */
    Integer cached(K name) {
        return ids.get(name);
    }

    int cachedCount() {
        return ids.size();
    }

    /** Like {@link #find}, inside the writer's transaction: names it took count too. */
    Integer known(K name, NewNames pending) throws SQLException {
        Integer id = ids.get(name);
        if (id == null) {
            id = pending.get(this, name);
        }
        if (id == null) {
            id = lookUp(pending.connection(), name);
            if (id != null) {
                publish(name, id);
            }
        }
        return id;
    }

    /** The id of {@code name}, or null when no record ever had it. */
    Integer find(K name) {
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        try (Connection connection = dataSource.getConnection()) {
            id = lookUp(connection, name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a name of the record store", e);
        }
        if (id != null) {
            publish(name, id);
        }
        return id;
    }

    /** The name with this id: a committed row refers only to committed names. */
    K name(int id) {
        K name = names.get(id);
        if (name != null) {
            return name;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement st = connection.prepareStatement(selectById)) {
            st.setInt(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("a record refers to name " + id + " which " + selectById
                            + " does not find");
                }
                name = fromColumn.apply(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a name of the record store", e);
        }
        publish(name, id);
        return name;
    }

    /** Like {@link #name(int)}, inside the writer's transaction: names it took count too. */
    K name(int id, NewNames pending) {
        K taken = pending.nameOf(this, id);
        return taken != null ? taken : name(id);
    }

    /** After the commit of the transaction that took the id. */
    void publish(K name, int id) {
        ids.put(name, id);
        names.put(id, name);
    }

    private Integer lookUp(Connection connection, K name) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(select)) {
            st.setString(1, toColumn.apply(name));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private int take(Connection connection, K name) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS)) {
            st.setString(1, toColumn.apply(name));
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getInt(1);
            }
        }
    }
}
