package io.galileosync.sync;

import io.galileosync.discovery.DiscoveredPeer;
import io.galileosync.discovery.DiscoveredPeers;
import io.galileosync.store.NodeIdentity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Before this node joins a team by its code: which reachable nodes use that code? Every known and discovered
 * peer (and an address the person gave) is asked for its signed status, signed with the new code; a node that
 * answers with that code's signature uses it. All at once, each within {@code probe-timeout}.
 */
@Component
class TeamProbe implements DisposableBean {

    static final int MAX_NODES = 32;

    private final PeerClient client;
    private final KnownPeers peers;
    private final DiscoveredPeers discovered;
    private final String nodeId;
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread thread = new Thread(r, "team-probe");
        thread.setDaemon(true);
        return thread;
    });

    TeamProbe(PeerClient client, KnownPeers peers, DiscoveredPeers discovered, NodeIdentity node) {
        this.client = client;
        this.peers = peers;
        this.discovered = discovered;
        this.nodeId = node.nodeId();
    }

    /**
     * What one node said.
     *
     * @param usesCode it answered with the code's signature
     * @param result   in words: who it is, or why it does not count
     */
    record Answer(String url, boolean usesCode, String nodeId, String name, String result) {
    }

    /** @param given an address the person gave (already in its one form), or null */
    List<Answer> ask(String code, String given) {
        Set<String> urls = new LinkedHashSet<>();
        if (given != null) {
            urls.add(given);
        }
        peers.list().forEach(peer -> urls.add(peer.url()));
        for (DiscoveredPeer peer : discovered.current()) {
            if (!nodeId.equals(peer.nodeId())) {
                urls.add(peer.apiUrl());
            }
        }
        PeerSignature withCode = PeerSignature.withCode(code);
        List<Future<Answer>> asked = new ArrayList<>();
        urls.stream().limit(MAX_NODES).forEach(url -> asked.add(pool.submit(() -> ask(url, withCode))));
        List<Answer> answers = new ArrayList<>();
        long deadline = System.nanoTime() + client.probeTimeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
        for (Future<Answer> answer : asked) {
            try {
                answers.add(answer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                answer.cancel(true);
            } catch (ExecutionException e) {
                // ask() answers every failure itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return answers;
    }

    private Answer ask(String url, PeerSignature withCode) {
        try {
            PeerWire.PeerStatus status = client.probe(url, withCode);
            if (nodeId.equals(status.nodeId())) {
                return new Answer(url, false, status.nodeId(), status.name(), "this node itself");
            }
            return new Answer(url, true, status.nodeId(), status.name(), "uses this code");
        } catch (PeerClient.PeerException e) {
            if (e.status() == 503 && !e.unproven()) {
                // a refusal signed with the code: the node uses it, its peer server is stopped
                return new Answer(url, true, null, null, "uses this code (its peer server is stopped)");
            }
            String why = e.unproven() || e.status() == 401 ? "uses another code"
                    : e.status() == 0 ? "not reachable now" : "answered HTTP " + e.status();
            return new Answer(url, false, null, null, why);
        } catch (RuntimeException e) {
            return new Answer(url, false, null, null, "could not be asked: " + e.getMessage());
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
