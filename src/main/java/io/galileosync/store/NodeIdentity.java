package io.galileosync.store;

import io.galileosync.config.GalileoProperties;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's persistent identity: a random {@code nodeId} created with the database (it names the origin of
 * every record first stored here) and a database {@code epoch} (a new one means peers must not trust old
 * checkpoints). Both live in the database itself, so a wiped database is a new node to its peers. A database
 * restored from a backup gets new ones ({@link OfflineStore#renewIdentity}); its {@link #formerOrigins() former
 * ids} are origins like a peer's from then on.
 */
@Component
public class NodeIdentity {

    private final String nodeId;
    private final String epoch;
    private final String name;
    private final Map<String, Long> formerOrigins;

    public NodeIdentity(JdbcClient jdbc, TransactionTemplate tx, GalileoProperties properties) {
        this.nodeId = loadOrCreate(jdbc, tx, "node_id");
        this.epoch = loadOrCreate(jdbc, tx, "epoch");
        this.name = properties.node().name();
        this.formerOrigins = formerOrigins(jdbc);
    }

    private static Map<String, Long> formerOrigins(JdbcClient jdbc) {
        Map<String, Long> former = new TreeMap<>();
        // a handful of rows: filtered here, as LIKE would read the name's underscore as a wildcard
        jdbc.sql("select name, state_value from node_state").query(rs -> {
            String name = rs.getString(1);
            if (name.startsWith(OfflineStore.FORMER_NODE)) {
                former.put(name.substring(OfflineStore.FORMER_NODE.length()), Long.parseLong(rs.getString(2)));
            }
        });
        return Map.copyOf(former);
    }

    /**
     * Several gateway processes on one database server are one node: the first to start creates the identity,
     * the others read it. Two starting at once may both find none; the primary key lets one insert win, and the
     * other reads the winner's.
     */
    private static String loadOrCreate(JdbcClient jdbc, TransactionTemplate tx, String key) {
        try {
            return tx.execute(status -> load(jdbc, key).orElseGet(() -> {
                String value = UUID.randomUUID().toString();
                jdbc.sql("insert into node_state (name, state_value) values (?, ?)").params(key, value).update();
                return value;
            }));
        } catch (DataIntegrityViolationException e) {
            return tx.execute(status -> load(jdbc, key)).orElseThrow(() -> e);
        }
    }

    private static Optional<String> load(JdbcClient jdbc, String key) {
        return jdbc.sql("select state_value from node_state where name = ?").param(key).query(String.class).optional();
    }

    public String nodeId() {
        return nodeId;
    }

    public String epoch() {
        return epoch;
    }

    public String name() {
        return name;
    }

    /**
     * The node ids this database had before it was restored from a backup, each with the highest sequence it
     * handed out: every record of that origin up to it is held here (or was, and was pruned).
     */
    public Map<String, Long> formerOrigins() {
        return formerOrigins;
    }
}
