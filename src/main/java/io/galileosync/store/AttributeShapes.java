package io.galileosync.store;

import java.util.List;
import javax.sql.DataSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The key lists of attribute maps ("fixSource, fixValidity, statusFlags, ..."), each stored once in
 * {@code attribute_shapes} as a JSON array, so a record body names its maps' keys by one small id. Trackers
 * send few shapes; a map with very many keys, or new shapes once this node knows many (a peer inventing key names), are
 * written with their keys inline instead, so the table and its cache stay small.
 */
final class AttributeShapes {

    static final int MAX_KEYS = 64;
    static final int MAX_SHAPES = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() { };

    private final NameTable<List<String>> table;

    AttributeShapes(DataSource dataSource) {
        table = new NameTable<>(dataSource, "attribute_shapes", "names", JSON::writeValueAsString,
                text -> List.copyOf(JSON.readValue(text, NAMES)));
    }

    /** The shape id of these keys, or -1 when they are to be written inline. */
    int idOf(List<String> keys, NewNames pending) throws java.sql.SQLException {
        if (keys.size() > MAX_KEYS) {
            return -1;
        }
        Integer known = table.cached(keys);
        if (known != null) {
            return known;
        }
        return table.cachedCount() >= MAX_SHAPES ? -1 : table.idOf(keys, pending);
    }

    List<String> names(int id) {
        return table.name(id);
    }

    /** Inside the writer's transaction: shapes it took count too. */
    List<String> names(int id, NewNames pending) {
        return table.name(id, pending);
    }
}
