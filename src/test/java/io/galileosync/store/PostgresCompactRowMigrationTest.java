package io.galileosync.store;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CompactRowMigrationTest} on a real PostgreSQL server: the V7 Java migration re-encodes an old database there too. */
class PostgresCompactRowMigrationTest extends CompactRowMigrationTest {

    @RegisterExtension
    static final PostgresDatabase POSTGRES = new PostgresDatabase();

    @Override
    List<String> oldDatabase() {
        return List.of(POSTGRES.url(), PostgresServer.USER, "");
    }

    @Override
    List<String> nodeDatabase() {
        return POSTGRES.nodeProperties();
    }
}
