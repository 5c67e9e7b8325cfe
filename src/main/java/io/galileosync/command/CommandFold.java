package io.galileosync.command;

import io.galileosync.command.CommandEvent.Kind;
import io.galileosync.command.CommandState.Reply;
import io.galileosync.command.CommandState.State;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A command's state from its entries, whatever order they arrived in (a pure function of the set):
 * <ul>
 * <li>a reply to its number wins over everything (the tracker ran it), the first one by time, then node;</li>
 * <li>each send has an attempt number; the first send of an attempt (by time, then node id) is the one that
 *     counts, so when two nodes both sent it, both agree on which did (the duplicate did no harm: the number
 *     repeats and a tracker runs a number once);</li>
 * <li>the latest attempt is unanswered when its node says its connection closed before a reply: then the command
 *     is queued again, or has failed when that was its last allowed send;</li>
 * <li>otherwise it has expired once any node marked it so, is sent once sent, and queued before.</li>
 * </ul>
 * Failing and expiring both end it; the earlier one is what it shows.
 */
final class CommandFold {

    private CommandFold() {
    }

    /**
     * @param created the command's {@code created} entry
     * @param events  its {@code sent}, {@code unanswered} and {@code expired} entries
     * @param replies the {@code replied} entries with its IMEI and number
     */
    static CommandState fold(StoredEvent created, Collection<StoredEvent> events, Collection<StoredEvent> replies) {
        CommandEvent c = created.event();
        int maxSends = c.maxSends();
        // an attempt beyond the command's own limit is no send it allowed
        List<StoredEvent> sends = events.stream().filter(e -> e.event().kind() == Kind.SENT
                && e.event().attempt() <= maxSends).toList();
        int attempts = sends.stream().mapToInt(e -> e.event().attempt()).max().orElse(0);
        Optional<StoredEvent> latest = sends.stream().filter(e -> e.event().attempt() == attempts)
                .min(StoredEvent.FIRST);
        Optional<StoredEvent> reply = replies.stream().min(StoredEvent.FIRST);
        int count = 1 + events.size() + replies.size();
        Long sentAt = latest.map(e -> e.event().at()).orElse(null);
        String sentBy = latest.map(StoredEvent::origin).orElse(null);
        if (reply.isPresent()) {
            CommandEvent r = reply.get().event();
            return state(created, State.REPLIED, attempts, sentAt, sentBy,
                    new Reply(r.text(), r.binary(), r.at(), reply.get().origin()), null, count);
        }
        Optional<StoredEvent> unanswered = latest.flatMap(send -> events.stream()
                .filter(e -> e.event().kind() == Kind.UNANSWERED && e.event().attempt() == attempts
                        && e.origin().equals(send.origin()))
                .min(StoredEvent.FIRST));
        Optional<Long> failedAt = unanswered.filter(e -> attempts >= maxSends).map(e -> e.event().at());
        Optional<Long> expiredAt = events.stream().filter(e -> e.event().kind() == Kind.EXPIRED)
                .map(e -> e.event().at()).min(Comparator.naturalOrder());
        if (failedAt.isPresent() || expiredAt.isPresent()) {
            boolean failed = failedAt.isPresent() && (expiredAt.isEmpty() || failedAt.get() <= expiredAt.get());
            return state(created, failed ? State.FAILED : State.EXPIRED, attempts, sentAt, sentBy, null,
                    failed ? failedAt.get() : expiredAt.get(), count);
        }
        State state = attempts > 0 && unanswered.isEmpty() ? State.SENT : State.QUEUED;
        return state(created, state, attempts, sentAt, sentBy, null, null, count);
    }

    private static CommandState state(StoredEvent created, State state, int sends, Long sentAt, String sentBy,
                                      Reply reply, Long endedAt, int events) {
        CommandEvent c = created.event();
        return new CommandState(c.command(), c.imei(), c.number(), c.text(), state, c.at(), created.origin(),
                c.expiresAt(), c.maxSends(), sends, sentAt, sentBy, reply, endedAt, events);
    }
}
