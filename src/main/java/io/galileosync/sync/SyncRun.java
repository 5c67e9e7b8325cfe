package io.galileosync.sync;

import io.micrometer.core.instrument.Counter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One sync with one peer: pull (batch by batch, each committed with the vector it completes, so a cut sync
 * resumes where it stopped), then push the same way, then the same for every {@link ReplicatedLog}, then, now
 * and then, a digest check that repairs gaps the vectors missed. Batches go in the compact form where the peer
 * takes it, and each side of the pipeline works while the other does: the next batch is fetched (or read)
 * while the last one merges (or travels).
 */
final class SyncRun {

    private final String url;
    private final PeerClient client;
    private final DeltaExporter exporter;
    private final VersionVector vector;
    private final RecordMerge merge;
    private final Digest digest;
    private final Retention retention;
    private final SyncProperties settings;
    private final LogSync logs;
    private final SyncTally tally;
    private final Counter rescans;
    private final Executor fetcher;
    private boolean compact;

    SyncRun(String url, SyncParts parts, SyncTally tally, Counter rescans, Executor fetcher) {
        this.url = url;
        this.client = parts.client();
        this.exporter = parts.exporter();
        this.vector = parts.vector();
        this.merge = parts.merge();
        this.digest = parts.digest();
        this.retention = parts.retention();
        this.settings = parts.settings();
        this.logs = parts.logs();
        this.tally = tally;
        this.rescans = rescans;
        this.fetcher = fetcher;
    }

    /**
     * @param peer      the peer's status (its vector, the batch forms it takes)
     * @param digestDue asked after the pull and push: whether to compare digests this time
     */
    void run(PeerWire.PeerStatus peer, BooleanSupplier digestDue) {
        compact = peer.takesCompactBatches();
        if (!VersionVector.covers(vector.current(), peer.vector())) {
            pull(null);
        }
        push(peer.vector(), compact);
        logs.run(url, peer.logVectors(), tally);
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
        Map<String, Long> ours = retention.horizons();
        Long ourMin = retention.minTime();
        PeerWire.KeptDigest theirs = client.digest(url, new PeerWire.DigestRequest(ourMin, ours), tally);
        Map<String, Long> theirHorizons = theirs.horizons() == null ? Map.of() : theirs.horizons();
        if (theirs.imeis() != null && theirs.imeis().equals(digest.compute(0,
                imei -> RetentionHorizons.both(imei, ours, ourMin, theirHorizons, theirs.minTime())))) {
            return;
        }
        SyncService.log.info("digest differs from {}: rescanning both ways", url);
        rescans.increment();
        pull(new HashMap<>());
        push(Map.of(), compact);
    }

    /**
     * Batch by batch, the next one on the wire while the last one merges: it is asked for from the position the
     * last one claims to reach, which the sender keeps to whatever this side commits.
     *
     * @param rescan null: pull from our vector; else the position of a rescan from an empty vector
     */
    private void pull(Map<String, Long> rescan) {
        Map<String, Long> position = rescan == null ? vector.current() : rescan;
        PeerWire.Batch batch = client.pull(url, position, tally);
        while (!batch.isEmpty()) {
            batch.complete().forEach((origin, seq) -> position.merge(origin, seq, Math::max));
            Map<String, Long> next = new HashMap<>(position);
            CompletableFuture<PeerWire.Batch> following = batch.more()
                    ? CompletableFuture.supplyAsync(() -> client.pull(url, next, tally), fetcher) : null;
            try {
                tally.pulled(merge.mergeWire(batch.records(), batch.complete()));
            } catch (RuntimeException e) {
                if (following != null) {
                    following.cancel(true);
                }
                throw e;
            }
            if (following == null) {
                return;
            }
            batch = join(following);
        }
    }

    /**
     * Batch by batch, each sent once the one before is merged (so the peer never commits a claim ahead of its
     * records), the next read and encoded here while the last one is on the wire.
     */
    private void push(Map<String, Long> peerVector, boolean compact) {
        Map<String, Long> sent = new HashMap<>(peerVector == null ? Map.of() : peerVector);
        PeerWire.Batch batch = exporter.batch(sent, settings.batchRecords(), settings.batchBytes());
        while (!batch.isEmpty()) {
            batch.complete().forEach((origin, seq) -> sent.merge(origin, seq, Math::max));
            Map<String, Long> next = new HashMap<>(sent);
            CompletableFuture<PeerWire.Batch> following = batch.more() ? CompletableFuture.supplyAsync(
                    () -> exporter.batch(next, settings.batchRecords(), settings.batchBytes()), fetcher) : null;
            tally.pushed(client.push(url, batch, compact, tally));
            if (following == null) {
                return;
            }
            batch = join(following);
        }
    }

    private static PeerWire.Batch join(CompletableFuture<PeerWire.Batch> batch) {
        try {
            return batch.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
