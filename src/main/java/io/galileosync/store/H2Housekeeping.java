package io.galileosync.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What H2's background thread would do if WRITE_DELAY=0 (every commit written before it returns, so an ACKed
 * record survives kill -9) did not switch it off. H2's file is append-only: each commit writes the pages it
 * changed into a new chunk, and a chunk's space is reused only once none of its pages is live. A group commit
 * touches a leaf of the key index for every tracker in it, so chunks die slowly and, left alone, the file
 * grows by every byte ever written (1.7 kB a record). So the writer, about once a second, rewrites the live
 * pages of chunks less than {@value #TARGET_FILL}% full (at most {@value #MAX_WRITE_BYTES} bytes) and then
 * syncs the file to disk: the two calls H2 makes itself for CHECKPOINT SYNC, so safe beside other sessions
 * (MVStore.compactFile, which would also shrink the file, is not: beside other sessions it trips H2's own
 * assertions). With the sync, a dead chunk may be overwritten after the short retention time of the database
 * URL (RETENTION_TIME) as safely as after H2's default 45 s, which assumes no sync at all. H2's API, since
 * CHECKPOINT's compaction stops at 50% full; on any other database this does nothing.
 */
final class H2Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);
    static final int TARGET_FILL = 80;
    static final int MAX_WRITE_BYTES = 8 << 20;

    private final MVStore store;

    private H2Housekeeping(MVStore store) {
        this.store = store;
    }

    /** The housekeeping of the embedded H2 database behind {@code connection}, or null for any other. */
    static H2Housekeeping of(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                || session.getDatabase().getStore() == null) {
            return null;
        }
        return new H2Housekeeping(session.getDatabase().getStore().getMvStore());
    }

    /** While records come in: rewrite the sparsest chunks, then sync. */
    void run() {
        try {
            store.compact(TARGET_FILL, MAX_WRITE_BYTES);
            store.sync();
        } catch (RuntimeException e) {
            log.warn("H2 housekeeping failed: {}", e.toString());
        }
    }
}
