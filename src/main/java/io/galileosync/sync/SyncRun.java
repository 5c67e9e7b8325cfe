package io.galileosync.sync;

import io.micrometer.core.instrument.Counter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One sync with one peer: pull (batch by batch, each committed with the vector it completes, so a cut sync
 * resumes where it stopped), then push the same way, then the same for every {@link ReplicatedLog}, then, now
 * and then, a digest check that repairs gaps the vectors missed.
 */
final class SyncRun {

    private final String url;
    private final PeerClient client;
    private final DeltaExporter exporter;
    private final VersionVector vector;
    private final RecordMerge merge;
    private final Digest digest;
    private final SyncProperties settings;
    private final SyncTally tally;
    private final Counter rescans;
    private final LogSync logs;

    SyncRun(String url, PeerClient client, DeltaExporter exporter, VersionVector vector, RecordMerge merge,
            Digest digest, SyncProperties settings, SyncTally tally, Counter rescans, LogSync logs) {
        this.url = url;
        this.client = client;
        this.exporter = exporter;
        this.vector = vector;
        this.merge = merge;
        this.digest = digest;
        this.settings = settings;
        this.tally = tally;
        this.rescans = rescans;
        this.logs = logs;
    }

    /**
     * @param peerVector  the peer's vector, from its status
     * @param digestDue   asked after the pull and push: whether to compare digests this time
     */
    void run(Map<String, Long> peerVector, BooleanSupplier digestDue) {
        pull(null);
        push(peerVector);
        logs.run(url, tally);
        if (digestDue.getAsBoolean()) {
            repairGaps();
        }
    }

    /**
     * If the digests differ, a gap slipped past the vectors (e.g. a sync cut while a key was held under another
     * origin), so both sides are rescanned from an empty vector: O(records), but only when a gap exists.
     * Retention differences also show up here, and the rescan then only re-offers records that are rejected
     * again.
     */
    private void repairGaps() {
        if (client.digest(url, tally).imeis().equals(digest.compute(0))) {
            return;
        }
        SyncService.log.info("digest differs from {}: rescanning both ways", url);
        rescans.increment();
        pull(new HashMap<>());
        push(Map.of());
    }

    /** @param rescan null: pull by our vector; else the position of a rescan from an empty vector */
    private void pull(Map<String, Long> rescan) {
        PeerWire.Batch batch;
        do {
            batch = client.pull(url, rescan == null ? vector.current() : rescan, tally);
            if (batch.isEmpty()) {
                return;
            }
            if (rescan != null) {
                batch.complete().forEach((origin, seq) -> rescan.merge(origin, seq, Math::max));
            }
            tally.pulled(merge.mergeWire(batch.records(), batch.complete()));
        } while (batch.more());
    }

    private void push(Map<String, Long> peerVector) {
        Map<String, Long> sent = new HashMap<>(peerVector == null ? Map.of() : peerVector);
        PeerWire.Batch batch;
        do {
            batch = exporter.batch(sent, settings.batchRecords(), settings.batchBytes());
            if (batch.isEmpty()) {
                return;
            }
            tally.pushed(client.push(url, batch, tally));
            batch.complete().forEach((origin, seq) -> sent.merge(origin, seq, Math::max));
        } while (batch.more());
    }
}
