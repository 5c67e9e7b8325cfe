package io.galileosync.store;

import io.galileosync.config.GalileoProperties;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's persistent identity: a random {@code nodeId} created with the database (it names the origin of
 * every record first stored here) and a database {@code epoch} (a new one means peers must not trust old
 * checkpoints). Both live in the database itself, so a wiped database is a new node to its peers.
 */
@Component
public class NodeIdentity {

    private final String nodeId;
    private final String epoch;
    private final String name;

    public NodeIdentity(JdbcClient jdbc, TransactionTemplate tx, GalileoProperties properties) {
        this.nodeId = tx.execute(status -> loadOrCreate(jdbc, "node_id"));
        this.epoch = tx.execute(status -> loadOrCreate(jdbc, "epoch"));
        this.name = properties.node().name();
    }

    private static String loadOrCreate(JdbcClient jdbc, String key) {
        return jdbc.sql("select state_value from node_state where name = ?").param(key).query(String.class).optional()
                .orElseGet(() -> {
                    String value = UUID.randomUUID().toString();
                    jdbc.sql("insert into node_state (name, state_value) values (?, ?)").params(key, value).update();
                    return value;
                });
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
}
