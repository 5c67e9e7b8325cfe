package io.galileosync.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
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
 * syncs the file to disk; once the writer has been idle a few seconds, it compacts the file fully, a step at
 * a time, so that at rest it is little more than its live data. With the sync a dead chunk may be overwritten after the short retention time set in
 * the database URL (RETENTION_TIME) as safely as after H2's default 45 s, which assumes no sync at all.
 * It uses H2's own API (there is no SQL for it); on any other database it does nothing.
 */
final class H2Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);
    static final int TARGET_FILL = 80;
    static final int MAX_WRITE_BYTES = 8 << 20;
    /** At rest the file is compacted until this full, chunks and file alike. */
    static final int IDLE_FILL = 90;
    static final int IDLE_COMPACT_MILLIS = 200;
    static final int IDLE_STEPS = 20;

    private final MVStore store;
    private final int retentionMillis;

    private H2Housekeeping(MVStore store) {
        this.store = store;
        this.retentionMillis = store.getRetentionTime();
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

    /**
     * While the writer is idle: compact the whole file a step at a time (also moving chunks together and
     * shrinking the file), so that at rest it holds little more than its live data. True while more is to be
     * done; the caller stops after {@link #IDLE_STEPS} (a step may grow the file before a later one shrinks
     * it, and H2 never quite reaches the target), so an idle node does not keep rewriting its flash.
     */
    boolean runIdle() {
        try {
            FileStore<?> file = store.getFileStore();
            if (file.getFillRate() >= IDLE_FILL && file.getChunksFillRate() >= IDLE_FILL) {
                return false;
            }
            store.compactFile(IDLE_COMPACT_MILLIS);
            // compacting the file drops the retention time to 0 for good; the URL's is the one synced for
            store.setRetentionTime(retentionMillis);
            return true;
        } catch (RuntimeException e) {
            log.warn("H2 housekeeping failed: {}", e.toString());
            return false;
        }
    }
}
