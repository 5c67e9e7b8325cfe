package io.galileosync.store;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a writer transaction took ({@link NameTable#idOf}): visible to the rest of the transaction, and
 * to every reader once it commits; forgotten with a rollback, like the rows that held them.
 */
final class NewNames {

    private final Connection connection;
    private final Map<NameTable<?>, Map<Object, Integer>> taken = new HashMap<>();
    private final List<Runnable> publish = new ArrayList<>();

    NewNames(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    <K> Integer get(NameTable<K> table, K name) {
        Map<Object, Integer> ids = taken.get(table);
        return ids == null ? null : ids.get(name);
    }

    @SuppressWarnings("unchecked")
    <K> K nameOf(NameTable<K> table, int id) {
        Map<Object, Integer> ids = taken.get(table);
        if (ids != null) {
            for (Map.Entry<Object, Integer> e : ids.entrySet()) {
                if (e.getValue() == id) {
                    return (K) e.getKey();
                }
            }
        }
        return null;
    }

    <K> void add(NameTable<K> table, K name, int id) {
        taken.computeIfAbsent(table, t -> new HashMap<>()).put(name, id);
        publish.add(() -> table.publish(name, id));
    }

    /** After the commit. */
    void committed() {
        publish.forEach(Runnable::run);
        publish.clear();
        taken.clear();
    }
}
