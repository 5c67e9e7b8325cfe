package io.galileosync.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Test fixture: Flyway with the store's migrations as the application runs them, the SQL ones and the Java ones. */
final class StoreMigrations {

    private StoreMigrations() {
    }

    static FluentConfiguration flyway() {
        return Flyway.configure().locations("classpath:db/migration")
                .javaMigrations(new V7__Compact_records(), new V10__Records_by_origin());
    }
}
