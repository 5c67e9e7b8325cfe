package io.galileosync.sync;

import io.galileosync.store.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The merge rule ({@link PeerMergeTest}) on a real PostgreSQL server (the postgres profile). */
@ActiveProfiles("postgres")
@DirtiesContext
class PostgresPeerMergeTest extends PeerMergeTest {

    @RegisterExtension
    static final PostgresDatabase POSTGRES = new PostgresDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.register(registry);
    }
}
