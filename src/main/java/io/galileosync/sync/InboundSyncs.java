package io.galileosync.sync;

import io.galileosync.discovery.DiscoveredPeer;
import io.galileosync.discovery.DiscoveredPeers;
import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The receiving end of a sync: another node's signed requests (status, then its pulls and pushes) are one
 * inbound sync, logged here with that node's id and the counts (trigger {@value #TRIGGER}) once it has been
 * quiet for {@value #QUIET_MS} ms or starts its next sync, so both ends of a link show it in their log and
 * charts. The node is listed among the discovered peers (via {@value DiscoveredPeer#INBOUND}), for a person to
 * add; it is not synced with by itself.
 */
@Component
class InboundSyncs implements SmartLifecycle {

    static final String TRIGGER = "inbound";
    /** Request headers with which a node says who it is, for the receiver's log (hints; the node id is signed). */
    static final String NAME = "X-Galileo-Name";
    static final String PORT = "X-Galileo-Port";
    /**
     * The query of a status request that starts a sync: a sync with nothing to do is that request alone, and is
     * still a sync; a status request without it is a check (check-peer, a probe).
     */
    static final String SYNCING = "purpose=sync";
    /** Longer than a batch takes to merge or read, so a slow sync is still one entry. */
    static final long QUIET_MS = 10_000;
    private static final int MAX_OPEN = 1000;

    private final SyncLog syncLog;
    private final KnownPeers peers;
    private final DiscoveredPeers discovered;
    private final Map<String, Session> open = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService sweeper;

    InboundSyncs(SyncLog syncLog, KnownPeers peers, DiscoveredPeers discovered) {
        this.syncLog = syncLog;
        this.peers = peers;
        this.discovered = discovered;
    }

    /** What one node has done with this one since its status request. */
    private static final class Session {
        final String node;
        final String url;
        final long startedAt = System.currentTimeMillis();
        volatile long lastAt = startedAt;
        long received;
        long sent;
        long conflicts;
        long bytesIn;
        long bytesOut;
        /** Requests of the sync; none when it was a status request alone that did not say it syncs (a check). */
        int requests;

        Session(String node, String url) {
            this.node = node;
            this.url = url;
        }
    }

    /** A signed {@code GET /peer/status}: the node starts a sync with this one (its previous one is over). */
    void started(HttpServletRequest request, ResponseEntity<byte[]> answer) {
        String node = request.getHeader(PeerSignature.NODE);
        if (node == null) {
            return;
        }
        String name = name(request);
        String url = address(request, node);
        Session previous = open.put(node, new Session(node, url));
        if (previous != null) {
            log(previous);
        }
        touch(request, answer, 0, null, SYNCING.equals(request.getQueryString()));
        discovered.syncedWithUs(node, name, url);
    }

    /** A delta batch this node served to the other ({@code GET /peer/export?since=}). */
    void served(HttpServletRequest request, int records, ResponseEntity<byte[]> answer) {
        touch(request, answer, records, null, true);
    }

    /** A batch the other node pushed here, merged. */
    void received(HttpServletRequest request, MergeResult merged, ResponseEntity<byte[]> answer) {
        touch(request, answer, 0, merged, true);
    }

    /** Any other request of the sync (a digest). */
    void touched(HttpServletRequest request, ResponseEntity<byte[]> answer) {
        touch(request, answer, 0, null, true);
    }

    private void touch(HttpServletRequest request, ResponseEntity<byte[]> answer, int served, MergeResult merged,
                       boolean syncing) {
        String node = request.getHeader(PeerSignature.NODE);
        if (node == null) {
            return;
        }
        if (open.size() >= MAX_OPEN && !open.containsKey(node)) {
            flushQuiet(0);
        }
        Session session = open.computeIfAbsent(node, n -> new Session(n, address(request, n)));
        synchronized (session) {
            session.lastAt = System.currentTimeMillis();
            session.requests += syncing ? 1 : 0;
            session.sent += served;
            if (merged != null) {
                session.received += merged.inserted();
                session.conflicts += merged.conflicts();
            }
            session.bytesIn += Math.max(0, request.getContentLengthLong());
            session.bytesOut += answer.getBody() == null ? 0 : answer.getBody().length;
        }
    }

    private void flushQuiet(long quietMs) {
        long now = System.currentTimeMillis();
        for (Session session : open.values()) {
            if (now - session.lastAt >= quietMs && open.remove(session.node, session)) {
                log(session);
            }
        }
    }

    private void log(Session s) {
        synchronized (s) {
            if (s.requests == 0) {
                return;
            }
            syncLog.add(s.url, s.node, TRIGGER, s.startedAt, new SyncService.SyncResult(s.received, s.sent,
                    s.conflicts, s.bytesIn, s.bytesOut, s.lastAt - s.startedAt, s.requests), null);
        }
    }

    private static String name(HttpServletRequest request) {
        String name = request.getHeader(NAME);
        if (name == null) {
            return null;
        }
        try {
            String decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
            return decoded.length() > 100 || decoded.chars().anyMatch(Character::isISOControl) ? null : decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Where the node is reached: its known address; else where discovery sees it; else the address it connected
     * from with the HTTP port it names.
     */
    private String address(HttpServletRequest request, String node) {
        for (KnownPeers.Peer peer : peers.list()) {
            if (node.equals(peer.nodeId())) {
                return peer.url();
            }
        }
        for (DiscoveredPeer peer : discovered.current()) {
            if (node.equals(peer.nodeId()) && !DiscoveredPeer.INBOUND.equals(peer.via())) {
                return peer.apiUrl();
            }
        }
        String host = request.getRemoteAddr();
        try {
            if (InetAddress.getByName(host) instanceof Inet6Address) { // a literal: no DNS lookup
                host = "[" + host + "]";
            }
        } catch (UnknownHostException e) {
            // not a literal address: used as it is
        }
        String port = request.getHeader(PORT);
        boolean validPort = port != null && port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535;
        return "http://" + host + (validPort ? ":" + port : "");
    }

    @Override
    public void start() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "inbound-syncs");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                flushQuiet(QUIET_MS);
            } catch (RuntimeException e) {
                SyncService.log.warn("could not log an inbound sync: {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
        sweeper = timer;
    }

    /** After the web server stopped (no more requests): what is still open is logged. */
    @Override
    public void stop() {
        ScheduledExecutorService timer = sweeper;
        sweeper = null;
        if (timer != null) {
            timer.shutdownNow();
        }
        flushQuiet(0);
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
