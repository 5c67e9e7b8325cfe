package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.store.PostgresDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SyncConvergenceTest} with node a on a real PostgreSQL server (the postgres profile) and b and c on H2:
 * records stored on each engine reach the other both ways, once, with the same digests and conflict winners.
 */
class PostgresSyncConvergenceTest extends SyncConvergenceTest {

    @RegisterExtension
    static final PostgresDatabase POSTGRES = new PostgresDatabase();

    @Override
    List<String> databaseOf(String node) {
        return "a".equals(node) ? POSTGRES.nodeProperties() : List.of();
    }

    @Test
    void nodeAStoresInPostgresAndTheOthersInH2() {
        assertThat(nodes.get(0).jdbc().sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
        assertThat(nodes.get(1).jdbc().sql("select h2version()").query(String.class).single()).isNotBlank();
    }
}
