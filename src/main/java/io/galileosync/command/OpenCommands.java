package io.galileosync.command;

import io.galileosync.command.CommandState.State;
import io.galileosync.store.NodeIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The commands still queued or sent, per IMEI, in memory (loaded at start, then kept current by every committed
 * change), and the sends of this node on live connections: what the trackers' event loops ask, answered without
 * a query. Which command to send now is decided here:
 * <ul>
 * <li>never past its expiry, and never while this node has it on a live connection, waiting for the reply;</li>
 * <li>a queued command is sent (its first send, or again after a send went unanswered);</li>
 * <li>a command sent by this node on a connection now gone (this node restarted) is sent again;</li>
 * <li>a command another node sent is left to it, unless that send is older than the reply timeout with no word
 *     since (that node may be gone with the word of its closed connection): then it is sent again too.</li>
 * </ul>
 * Every send again keeps the command's number, so a tracker that did get it runs it once only.
 */
@Component
class OpenCommands {

    /** A command to write to a tracker now, as which send of it. */
    record Send(CommandState command, int attempt) {
    }

    /** A command closed lately, and how many entries its closing state folded. */
    private record Closed(int events, long at) {
    }

    /** Far longer than two commits' states can take to arrive out of order. */
    private static final long RECENTLY_MS = 60_000;
    private static final Comparator<CommandState> OLDEST_FIRST =
            Comparator.comparingLong(CommandState::createdAt).thenComparing(CommandState::id);

    private final String nodeId;
    private final long replyTimeoutMs;
    /** IMEI → command id → state; the inner maps are replaced, never changed, so readers need no lock. */
    private final Map<String, Map<String, CommandState>> open = new ConcurrentHashMap<>();
    /** IMEI → command id → this node's send on a connection of that tracker that is still open. */
    private final Map<String, Map<String, Send>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Closed> recentlyClosed = new ConcurrentHashMap<>();

    OpenCommands(CommandTable table, NodeIdentity node, CommandProperties properties) {
        this.nodeId = node.nodeId();
        this.replyTimeoutMs = properties.replyTimeout().toMillis();
        update(table.open());
    }

    /**
     * Committed states: an open one replaces an older state of its command, a closed one removes it. States of
     * transactions committed one after the other may come here the other way round (each from the thread that
     * waited for it), so a state older than one applied already (fewer entries folded: entries only add up) is
     * left out, also for a command closed a moment ago.
     */
    void update(Collection<CommandState> states) {
        long now = System.currentTimeMillis();
        recentlyClosed.values().removeIf(closed -> now - closed.at() > RECENTLY_MS);
        for (CommandState state : states) {
            open.compute(state.imei(), (imei, held) -> {
                Map<String, CommandState> next = held == null ? new HashMap<>() : new HashMap<>(held);
                CommandState before = next.get(state.id());
                Closed gone = recentlyClosed.get(state.id());
                if (before != null && before.events() > state.events()
                        || gone != null && gone.events() > state.events()) {
                    return held;
                }
                if (state.state().isOpen()) {
                    next.put(state.id(), state);
                    recentlyClosed.remove(state.id());
                } else {
                    next.remove(state.id());
                    recentlyClosed.put(state.id(), new Closed(state.events(), now));
                }
                return next.isEmpty() ? null : Map.copyOf(next);
            });
        }
    }

    /** The oldest command to send to this tracker now. */
    Optional<Send> next(String imei, long now) {
        Map<String, Send> sending = inFlight.getOrDefault(imei, Map.of());
        return open.getOrDefault(imei, Map.of()).values().stream()
                .filter(c -> !sending.containsKey(c.id()))
                .sorted(OLDEST_FIRST)
                .map(c -> new Send(c, due(c, now)))
                .filter(s -> s.attempt() > 0)
                .findFirst();
    }

    /**
     * This node wrote the command with this number to the tracker: it is in flight on that connection. Empty when
     * the command is no longer open (it was answered or expired meanwhile).
     */
    Optional<Send> written(String imei, long number, long now) {
        Optional<CommandState> command = open.getOrDefault(imei, Map.of()).values().stream()
                .filter(c -> c.number() == number).min(OLDEST_FIRST);
        return command.map(c -> {
            int due = due(c, now);
            // when another node's send came in meanwhile, this one is a duplicate of that attempt
            Send send = new Send(c, due > 0 ? due : Math.max(1, c.sends()));
            inFlight.compute(imei, (i, held) -> {
                Map<String, Send> next = held == null ? new HashMap<>() : new HashMap<>(held);
                next.put(c.id(), send);
                return Map.copyOf(next);
            });
            return send;
        });
    }

    /** The tracker answered this number: nothing of that number is in flight any more. */
    void replied(String imei, long number) {
        inFlight.computeIfPresent(imei, (i, held) -> {
            Map<String, Send> next = new HashMap<>(held);
            next.values().removeIf(send -> send.command().number() == number);
            return next.isEmpty() ? null : Map.copyOf(next);
        });
    }

    /** A connection of the tracker closed: what this node had in flight to it went unanswered. */
    List<Send> closed(String imei) {
        Map<String, Send> held = inFlight.remove(imei);
        return held == null ? List.of() : List.copyOf(held.values());
    }

    /** Open commands whose time ran out. */
    List<CommandState> pastExpiry(long now) {
        List<CommandState> expired = new ArrayList<>();
        open.values().forEach(byId -> byId.values().stream().filter(c -> now >= c.expiresAt()).forEach(expired::add));
        return expired;
    }

    /** How many commands wait for this tracker. */
    int waiting(String imei) {
        return open.getOrDefault(imei, Map.of()).size();
    }

    /** Which send of the command is due now; 0 when it is not to be sent now. */
    private int due(CommandState c, long now) {
        if (now >= c.expiresAt() || c.sends() >= c.maxSends()) {
            return 0;
        }
        boolean due = c.state() == State.QUEUED
                || c.state() == State.SENT && (nodeId.equals(c.sentBy()) || now - c.sentAt() >= replyTimeoutMs);
        return due ? c.sends() + 1 : 0;
    }
}
