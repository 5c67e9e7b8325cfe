package io.galileosync.store;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link StoreTransactionTest} on a real PostgreSQL server (the postgres profile); the context goes with the class. */
@ActiveProfiles("postgres")
@DirtiesContext
class PostgresStoreTransactionTest extends StoreTransactionTest {

    @RegisterExtension
    static final PostgresDatabase POSTGRES = new PostgresDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        POSTGRES.register(registry);
    }
}
