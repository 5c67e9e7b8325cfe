package io.galileosync.web;

import io.galileosync.store.RecordRows;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A test of the people's API over real HTTP against the running application: empty tables before each test
 * (test classes of this configuration share one context and so one database), rows written with
 * {@link TestRecords}, calls made with {@link ApiClient}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@GalileoTestProperties
abstract class HttpApiTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    TestRecords db;
    ApiClient api;

    @BeforeEach
    void emptyTablesAndConnect() {
        db = new TestRecords(jdbc, new RecordRows(context));
        db.clear();
        api = new ApiClient(port);
    }
}
