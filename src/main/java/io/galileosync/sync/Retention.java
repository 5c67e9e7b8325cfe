package io.galileosync.sync;

import io.galileosync.store.Pruned;
import io.galileosync.store.RecordStore;
import org.springframework.stereotype.Component;

/**
 * Retention: prunes old records through the store and raises the pruned IMEIs' horizons in the same
 * transaction, so a peer cannot send the pruned records back.
 */
@Component
class Retention {

    private final RecordStore store;
    private final SyncProperties settings;

    Retention(RecordStore store, SyncProperties settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Completes with the number of records deleted. */
    int prune() {
        long minTime = settings.retentionMinTime(System.currentTimeMillis());
        return store.inTransaction(tx -> {
            Pruned pruned = tx.prune(settings.retentionMaxPerImei(), minTime);
            RetentionHorizons.raise(tx.connection(), pruned.horizons());
            return pruned.deleted();
        }).join();
    }
}
