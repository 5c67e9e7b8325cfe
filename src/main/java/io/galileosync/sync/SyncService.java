package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The sync engine's entry: a sync with a peer ({@link SyncRun}), one at a time per peer, remembered, logged
 * and counted.
 */
@Service
public class SyncService {

    static final Logger log = LoggerFactory.getLogger(SyncService.class);

    private final SyncParts parts;
    private final KnownPeers peers;
    private final SyncLog syncLog;
    private final PeerExchange exchange;
    private final NodeIdentity node;
    private final AutoSyncSettings auto;
    private final MeterRegistry meters;
    private final Counter rescans;
    private final Map<String, ReentrantLock> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> lastDigestCheck = new ConcurrentHashMap<>();
    /** Fetches (or reads) the next batch while the last one merges (or travels); a thread per running sync. */
    private final ExecutorService fetcher = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "sync-fetch");
        thread.setDaemon(true);
        return thread;
    });

    SyncService(SyncParts parts, KnownPeers peers, SyncLog syncLog, PeerExchange exchange, NodeIdentity node,
                AutoSyncSettings auto, MeterRegistry meters) {
        this.parts = parts;
        this.peers = peers;
        this.syncLog = syncLog;
        this.exchange = exchange;
        this.node = node;
        this.auto = auto;
        this.meters = meters;
        this.rescans = meters.counter("galileo.sync.rescans");
    }

    /** The auto-sync period now in force (configured, or as last set through the API). */
    public Duration autoSyncInterval() {
        return auto.interval();
    }

    /**
     * What one sync did; bytes are compressed bytes on the wire, requests the HTTP requests it made (its status
     * request included).
     */
    public record SyncResult(long newRecords, long sentRecords, long conflicts, long bytesIn, long bytesOut,
                             long durationMs, long requests) {
    }

    /** Another sync with that peer is running (single flight per peer). */
    static final class BusyException extends RuntimeException {
        BusyException(String url) {
            super("a sync with " + url + " is already running");
        }
    }

    /**
     * Pulls from then pushes to the peer at {@code address} (in its one stored form), remembering it.
     *
     * @throws PeerClient.PeerException when the peer is unreachable, refuses, or answers nonsense
     * @throws BusyException            when a sync with this peer is already running
     */
    public SyncResult sync(String address, String trigger) {
        String url = PeerUrls.normalize(address);
        ReentrantLock lock = inFlight.computeIfAbsent(url, u -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new BusyException(url);
        }
        SyncTally tally = new SyncTally();
        String peerNode = null;
        try {
            PeerWire.PeerStatus status = parts.client().status(url, tally);
            peerNode = status.nodeId();
            if (node.nodeId().equals(status.nodeId())) {
                throw new PeerClient.PeerException(url, "is this node itself", 200);
            }
            boolean newEpoch = peers.remember(url, status);
            new SyncRun(url, parts, tally, rescans, fetcher).run(status, () -> digestDue(url) || newEpoch);
            exchange.heardOf(status);
            SyncResult result = tally.result();
            record(url, peerNode, trigger, tally.startedAt(), result, null);
            return result;
        } catch (RuntimeException e) {
            record(url, peerNode, trigger, tally.startedAt(), tally.result(), e.getMessage());
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** Every {@code digestInterval} per peer a sync also compares digests. */
    private boolean digestDue(String url) {
        long now = System.currentTimeMillis();
        Long last = lastDigestCheck.get(url);
        if (last != null && now - last < parts.settings().digestInterval().toMillis()) {
            return false;
        }
        lastDigestCheck.put(url, now);
        return true;
    }

    /** This node's answer to {@code GET /peer/status}: identity, vector, and the peers it knows. */
    PeerWire.PeerStatus localStatus() {
        return new PeerWire.PeerStatus(node.nodeId(), node.name(), node.epoch(), parts.vector().current(), peers.refs(),
                List.of(BatchCodec.MEDIA_TYPE), parts.logs().vectors());
    }

    private void record(String url, String peerNode, String trigger, long started, SyncResult result, String error) {
        String outcome = error == null ? "success" : "failure";
        Counter.builder("galileo.sync.runs").tag("outcome", outcome).register(meters).increment();
        meters.counter("galileo.sync.bytes", "direction", "in").increment(result.bytesIn());
        meters.counter("galileo.sync.bytes", "direction", "out").increment(result.bytesOut());
        String shortError = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
        syncLog.add(url, peerNode, trigger, started, result, shortError);
        peers.synced(url, started, shortError);
        if (error != null) {
            log.info("sync with {} failed: {}", url, error);
        }
    }
}
