package io.galileosync.store;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test class's own database on the test cluster ({@link PostgresServer}), created before its tests:
 * {@code @RegisterExtension static final PostgresDatabase POSTGRES = new PostgresDatabase();}. A node runs on
 * it with the {@code postgres} profile and {@link #nodeProperties()} (or, in a {@code @SpringBootTest}, a
 * {@code @DynamicPropertySource} calling {@link #register}).
 */
public final class PostgresDatabase implements BeforeAllCallback {

    private volatile String url;

    @Override
    public void beforeAll(ExtensionContext context) {
        PostgresServer server = PostgresServer.shared();
        url = server.url(server.createDatabase(context.getRequiredTestClass().getSimpleName()));
    }

    public String url() {
        if (url == null) {
            throw new IllegalStateException("the database is made before the test class runs (@RegisterExtension static)");
        }
        return url;
    }

    /** What a node needs to run on this database, as {@code key=value} properties. */
    public List<String> nodeProperties() {
        return List.of("spring.profiles.active=postgres", "spring.datasource.url=" + url(),
                "spring.datasource.username=" + PostgresServer.USER, "spring.datasource.password=");
    }

    /** For a {@code @SpringBootTest}: read when its context starts, after this database was made. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::url);
        registry.add("spring.datasource.username", () -> PostgresServer.USER);
        registry.add("spring.datasource.password", () -> "");
    }
}
