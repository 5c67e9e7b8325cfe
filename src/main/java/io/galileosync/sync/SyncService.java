package io.galileosync.sync;

import io.galileosync.config.GalileoProperties;
import io.galileosync.discovery.DiscoveredPeers;
import io.galileosync.node.NodeIdentity;
import io.galileosync.record.RecordWriter;
import io.galileosync.record.RecordWriter.MergeResult;
import io.galileosync.record.RecordWriter.OriginRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The sync engine: a sync with a peer pulls (batch by batch, each committed with the vector it completes,
 * so a cut sync resumes where it stopped) and then pushes the same way. One sync per peer at a time; every
 * sync is logged and counted. Merges go through the single {@link RecordWriter} thread.
 */
@Service
public class SyncService {

    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    private final RecordWriter writer;
    private final DeltaExporter exporter;
    private final PeerClient client;
    private final KnownPeers peers;
    private final NodeIdentity node;
    private final GalileoProperties.Sync settings;
    private final MeterRegistry meters;
    private final AtomicBoolean open;
    private final Digest digest;
    private final DiscoveredPeers discovered;
    private final AutoSyncSettings auto;
    private final List<java.util.function.Consumer<Boolean>> openListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, ReentrantLock> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> lastDigestCheck = new ConcurrentHashMap<>();

    SyncService(RecordWriter writer, DeltaExporter exporter, PeerClient client, KnownPeers peers,
                NodeIdentity node, Digest digest, GalileoProperties properties, MeterRegistry meters,
                DiscoveredPeers discovered, AutoSyncSettings auto) {
        this.auto = auto;
        this.digest = digest;
        this.discovered = discovered;
        this.writer = writer;
        this.exporter = exporter;
        this.client = client;
        this.peers = peers;
        this.node = node;
        this.settings = properties.sync();
        this.meters = meters;
        this.open = new AtomicBoolean(settings.enabled());
    }

    /** The auto-sync period now in force (configured, or as last set through the API). */
    public java.time.Duration autoSyncInterval() {
        return auto.interval();
    }

    public boolean isOpen() {
        return open.get();
    }

    void setOpen(boolean value) {
        open.set(value);
        openListeners.forEach(listener -> listener.accept(value));
    }

    /** Told when the peer server opens or closes (e.g. discovery announces only while open). */
    void onOpenChange(java.util.function.Consumer<Boolean> listener) {
        openListeners.add(listener);
    }

    /** What one sync did; bytes are compressed bytes on the wire. */
    public record SyncResult(long newRecords, long sentRecords, long conflicts, long bytesIn, long bytesOut,
                             long durationMs) {
    }

    /** Another sync with that peer is running (single flight per peer). */
    static final class BusyException extends RuntimeException {
        BusyException(String url) {
            super("a sync with " + url + " is already running");
        }
    }

    /**
     * Pulls from then pushes to the peer at {@code url}, remembering it.
     *
     * @throws PeerClient.PeerException when the peer is unreachable, refuses, or answers nonsense
     * @throws BusyException            when a sync with this peer is already running
     */
    public SyncResult sync(String url, String trigger) {
        ReentrantLock lock = inFlight.computeIfAbsent(url, u -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new BusyException(url);
        }
        long started = System.currentTimeMillis();
        PeerClient.Traffic traffic = new PeerClient.Traffic();
        long[] counts = new long[3]; // new, sent, conflicts
        String peerNode = null;
        try {
            PeerWire.PeerStatus status = client.status(url, traffic);
            peerNode = status.nodeId();
            if (node.nodeId().equals(status.nodeId())) {
                throw new PeerClient.PeerException(url, "is this node itself", 200);
            }
            peers.remember(url, status);
            pull(url, null, traffic, counts);
            push(url, status.vector(), traffic, counts);
            repairGaps(url, traffic, counts);
            exchangeAddresses(status);
            SyncResult result = new SyncResult(counts[0], counts[1], counts[2], traffic.in.get(), traffic.out.get(),
                    System.currentTimeMillis() - started);
            record(url, peerNode, trigger, started, result, null);
            return result;
        } catch (RuntimeException e) {
            SyncResult partial = new SyncResult(counts[0], counts[1], counts[2], traffic.in.get(),
                    traffic.out.get(), System.currentTimeMillis() - started);
            record(url, peerNode, trigger, started, partial, e.getMessage());
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** This node's answer to {@code GET /peer/status}: identity, vector, and the peers it knows. */
    PeerWire.PeerStatus localStatus() {
        return new PeerWire.PeerStatus(node.nodeId(), node.name(), node.epoch(), exporter.vector(), peers.refs());
    }

    /**
     * Peer-address exchange: the peers the other node knows and this one does not are listed as discovered
     * (via "peer"), for a person to add; they are not synced with automatically.
     */
    private void exchangeAddresses(PeerWire.PeerStatus status) {
        if (status.peers() == null || status.peers().isEmpty()) {
            return;
        }
        java.util.Set<String> knownUrls = new java.util.HashSet<>();
        java.util.Set<String> knownNodes = new java.util.HashSet<>();
        for (KnownPeers.Peer known : peers.list()) {
            knownUrls.add(known.url());
            if (known.nodeId() != null) {
                knownNodes.add(known.nodeId());
            }
        }
        for (PeerWire.PeerRef ref : status.peers()) {
            if (ref == null || ref.nodeId() == null || ref.url() == null || node.nodeId().equals(ref.nodeId())
                    || knownNodes.contains(ref.nodeId()) || knownUrls.contains(ref.url())) {
                continue;
            }
            discovered.reported(ref.nodeId(), ref.name(), ref.url());
        }
    }

    /**
     * What a signed {@code GET /peer/status} tells about a peer, before a sync.
     *
     * @param reachable      something answered at that URL
     * @param peerServerOpen its peer server answered (not 503)
     * @param sameTeam       it accepted our signature (a 401 means another team secret); null when unknown
     * @param itself         the URL points at this node
     * @param recordsWeLack  from its vector against ours: sum over origins of max(0, theirs − ours); null when
     *                       unknown
     * @param status         its HTTP status, 0 when nothing answered
     * @param error          why it failed, or null
     */
    public record PeerProbe(String url, boolean reachable, boolean peerServerOpen, Boolean sameTeam, boolean itself,
                            String nodeId, String name, Long recordsWeLack, int status, String error) {
    }

    /** Asks the peer at {@code url} for its signed status: reachable, same team, how far ahead of us. */
    public PeerProbe check(String url) {
        try {
            PeerWire.PeerStatus status = client.status(url, new PeerClient.Traffic());
            Map<String, Long> ours = exporter.vector();
            long lack = 0;
            if (status.vector() != null) {
                for (Map.Entry<String, Long> e : status.vector().entrySet()) {
                    long theirs = e.getValue() == null ? 0 : e.getValue();
                    lack += Math.max(0, theirs - ours.getOrDefault(e.getKey(), 0L));
                }
            }
            return new PeerProbe(url, true, true, true, node.nodeId().equals(status.nodeId()), status.nodeId(),
                    status.name(), lack, 200, null);
        } catch (PeerClient.PeerException e) {
            int code = e.status();
            return new PeerProbe(url, code != 0, code != 0 && code != 503, code == 401 ? Boolean.FALSE : null,
                    false, null, null, null, code, e.getMessage());
        }
    }

    /**
     * Now and then (every {@code digestInterval}) compares digests; if they differ, a gap slipped past the
     * vectors (e.g. a sync cut while a key was held under another origin), so both sides are rescanned from
     * an empty vector: O(records), but only when a gap exists. Retention differences also show up here, and
     * the rescan then only re-offers records that are rejected again.
     */
    private void repairGaps(String url, PeerClient.Traffic traffic, long[] counts) {
        long now = System.currentTimeMillis();
        Long last = lastDigestCheck.get(url);
        if (last != null && now - last < settings.digestInterval().toMillis()) {
            return;
        }
        lastDigestCheck.put(url, now);
        if (client.digest(url, traffic).imeis().equals(digest.compute(0))) {
            return;
        }
        log.info("digest differs from {}: rescanning both ways", url);
        meters.counter("galileo.sync.rescans").increment();
        pull(url, new HashMap<>(), traffic, counts);
        push(url, Map.of(), traffic, counts);
    }

    /** @param rescan null: pull by our vector; else the position of a rescan from an empty vector */
    private void pull(String url, Map<String, Long> rescan, PeerClient.Traffic traffic, long[] counts) {
        PeerWire.Batch batch;
        do {
            batch = client.pull(url, rescan == null ? exporter.vector() : rescan, traffic);
            if (batch.isEmpty()) {
                return;
            }
            if (rescan != null) {
                batch.complete().forEach((origin, seq) -> rescan.merge(origin, seq, Math::max));
            }
            MergeResult merged = merge(batch.records(), batch.complete());
            counts[0] += merged.inserted();
            counts[2] += merged.conflicts();
        } while (batch.more());
    }

    private void push(String url, Map<String, Long> peerVector, PeerClient.Traffic traffic, long[] counts) {
        Map<String, Long> vector = new HashMap<>(peerVector);
        PeerWire.Batch batch;
        do {
            batch = exporter.batch(vector, settings.batchRecords(), settings.batchBytes());
            if (batch.isEmpty()) {
                return;
            }
            MergeResult merged = client.push(url, batch, traffic);
            counts[1] += merged.inserted();
            counts[2] += merged.conflicts();
            batch.complete().forEach((origin, seq) -> vector.merge(origin, seq, Math::max));
        } while (batch.more());
    }

    /** Merges records from a peer or an import file through the writer thread, waiting for the commit. */
    MergeResult merge(List<OriginRecord> records, Map<String, Long> complete) {
        long maxAge = settings.retentionMaxAge().toMillis();
        long minTime = maxAge > 0 ? System.currentTimeMillis() - maxAge : Long.MIN_VALUE;
        try {
            MergeResult result = writer.merge(new RecordWriter.MergeBatch(records, complete, minTime)).join();
            meters.counter("galileo.sync.records", "outcome", "inserted").increment(result.inserted());
            meters.counter("galileo.sync.records", "outcome", "duplicate").increment(result.duplicates());
            meters.counter("galileo.sync.records", "outcome", "rejected").increment(result.rejected());
            meters.counter("galileo.sync.conflicts").increment(result.conflicts());
            if (result.conflicts() > 0) {
                log.warn("{} conflicting versions resolved (losers kept in sync_conflicts)", result.conflicts());
            }
            return result;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void record(String url, String peerNode, String trigger, long started, SyncResult result, String error) {
        String outcome = error == null ? "success" : "failure";
        Counter.builder("galileo.sync.runs").tag("outcome", outcome).register(meters).increment();
        meters.counter("galileo.sync.bytes", "direction", "in").increment(result.bytesIn());
        meters.counter("galileo.sync.bytes", "direction", "out").increment(result.bytesOut());
        peers.logSync(url, peerNode, trigger, started, result, error);
        if (error != null) {
            log.info("sync with {} failed: {}", url, error);
        }
    }
}
