package io.galileosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The origin sequence of two gateway processes on one PostgreSQL database ({@link LocalSequence#share()}), each
 * on a connection of its own as each process's writer is: numbers are taken one process after the other, follow
 * on from what the other committed, and a process that rolled back never takes the row below what the other
 * committed meanwhile.
 */
class SharedLocalSequenceTest {

    private static final String NODE = "11111111-2222-4333-8444-555555555555";

    @RegisterExtension
    static final PostgresDatabase POSTGRES = new PostgresDatabase();

    @BeforeAll
    static void migrate() {
        StoreMigrations.flyway().dataSource(POSTGRES.url(), PostgresServer.USER, "").load().migrate();
    }

    @Test
    void aProcessThatRolledBackNumbersOnAfterWhatTheOtherCommittedAndNeverLowersIt() throws Exception {
        try (Connection ca = connect(); Connection cb = connect()) {
            LocalSequence a = started(ca);
            LocalSequence b = started(cb);

            long n = a.committedIn(ca); // the tests share the database
            assertThat(List.of(b.next(cb), b.next(cb))).containsExactly(n + 1, n + 2);
            commit(b, cb);

            // a numbers on after b's, then rolls back (a failed group commit)
            long mark = a.mark();
            assertThat(List.of(a.next(ca), a.next(ca))).containsExactly(n + 3, n + 4);
            a.persist(ca);
            ca.rollback();
            a.rollBackTo(mark);

            // a's next transaction takes no number (its packets were all duplicates): the row stays at n + 2
            commit(a, ca);
            assertThat(stored(cb)).isEqualTo(n + 2);

            assertThat(a.next(ca)).as("n + 1 and n + 2 are b's").isEqualTo(n + 3);
            commit(a, ca);
            assertThat(b.next(cb)).isEqualTo(n + 4);
            commit(b, cb);
            assertThat(stored(ca)).isEqualTo(n + 4);
        }
    }

    @Test
    void aProcessWaitsForTheOthersNumbersToCommitAndTakesTheNextOnes() throws Exception {
        try (Connection ca = connect(); Connection cb = connect(); Connection reader = connect()) {
            LocalSequence a = started(ca);
            LocalSequence b = started(cb);
            long first = a.next(ca);
            a.next(ca);

            CompletableFuture<Long> bTakes = CompletableFuture.supplyAsync(() -> {
                try {
                    return b.next(cb);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(bTakes).as("b waits while a's numbers are uncommitted").isNotDone();
            assertThat(b.committedIn(reader)).as("the vector never counts uncommitted numbers").isEqualTo(first - 1);

            commit(a, ca);
            assertThat(bTakes.get(30, TimeUnit.SECONDS)).isEqualTo(first + 2);
            commit(b, cb);
            assertThat(a.committedIn(ca)).isEqualTo(first + 2);
        }
    }

    private static LocalSequence started(Connection connection) throws SQLException {
        LocalSequence sequence = new LocalSequence();
        sequence.load(connection, NODE);
        sequence.share();
        connection.commit();
        return sequence;
    }

    private static void commit(LocalSequence sequence, Connection connection) throws SQLException {
        sequence.persist(connection);
        connection.commit();
        sequence.committedUpTo();
    }

    /** The highest number committed, as the row holds it. */
    private static long stored(Connection connection) throws SQLException {
        try (var st = connection.prepareStatement("select state_value from node_state where name = 'origin_seq'");
             var rs = st.executeQuery()) {
            rs.next();
            long value = Long.parseLong(rs.getString(1));
            connection.commit();
            return value;
        }
    }

    private static Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(POSTGRES.url(), PostgresServer.USER, "");
        connection.setAutoCommit(false);
        return connection;
    }
}
