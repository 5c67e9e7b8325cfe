package io.galileosync.sync;

import java.util.concurrent.atomic.AtomicLong;

/** What one sync has done so far: records each way, conflicts, and bytes on the wire (compressed, as sent). */
final class SyncTally {

    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    private final long startedAt = System.currentTimeMillis();
    private long newRecords;
    private long sentRecords;
    private long conflicts;

    void pulled(MergeResult merged) {
        newRecords += merged.inserted();
        conflicts += merged.conflicts();
    }

    void pushed(MergeResult merged) {
        sentRecords += merged.inserted();
        conflicts += merged.conflicts();
    }

    long startedAt() {
        return startedAt;
    }

    SyncService.SyncResult result() {
        return new SyncService.SyncResult(newRecords, sentRecords, conflicts, bytesIn.get(), bytesOut.get(),
                System.currentTimeMillis() - startedAt, requests.get());
    }
}
