package io.galileosync.sync;

import org.springframework.stereotype.Component;

/** What every {@link SyncRun} works with: the peer client, both sides of the record store, and the logs. */
@Component
record SyncParts(PeerClient client, DeltaExporter exporter, VersionVector vector, RecordMerge merge, Digest digest,
                 Retention retention, LogSync logs, SyncProperties settings) {
}
