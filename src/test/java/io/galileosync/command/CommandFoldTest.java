package io.galileosync.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.command.CommandState.State;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fold of a command's entries: its rules, and the same state whatever order the entries arrived in. */
class CommandFoldTest {

    private static final String ID = "5b0c5e0e-3f36-4c1a-9d5e-6f7a8b9c0d1e";
    private static final String IMEI = "356000000022001";
    private static final long NUMBER = 4_000_000_001L;
    private static final long T0 = 1_780_000_000_000L;
    private static final String N1 = "11111111-0000-4000-8000-000000000000";
    private static final String N2 = "22222222-0000-4000-8000-000000000000";
    private static final String N3 = "33333333-0000-4000-8000-000000000000";
    private static final List<String> NODES = List.of(N1, N2, N3);

    private long seq;

    @Test
    void unsentIsQueuedAndOneSendIsSentByItsNode() {
        assertThat(fold(created(3), List.of(), List.of()))
                .extracting(CommandState::state, CommandState::sends, CommandState::sentBy, CommandState::events)
                .containsExactly(State.QUEUED, 0, null, 1);
        assertThat(fold(created(3), List.of(sent(N2, T0 + 10, 1)), List.of()))
                .extracting(CommandState::state, CommandState::sends, CommandState::sentBy, CommandState::sentAt)
                .containsExactly(State.SENT, 1, N2, T0 + 10);
    }

    @Test
    void ofTwoSendsOfOneAttemptTheFirstByTimeThenNodeCounts() {
        assertThat(fold(created(3), List.of(sent(N1, T0 + 20, 1), sent(N2, T0 + 10, 1)), List.of()).sentBy())
                .isEqualTo(N2);
        assertThat(fold(created(3), List.of(sent(N2, T0 + 10, 1), sent(N1, T0 + 10, 1)), List.of()).sentBy())
                .as("same time: the smaller node id").isEqualTo(N1);
    }

    @Test
    void anUnansweredSendQueuesTheCommandAgainOnlyWhenItsNodeSaysSo() {
        List<StoredEvent> sends = List.of(sent(N1, T0 + 10, 1), sent(N2, T0 + 20, 1));
        assertThat(fold(created(3), plus(sends, unanswered(N2, T0 + 30, 1)), List.of()).state())
                .as("the duplicate's node: the first send may still be answered").isEqualTo(State.SENT);
        assertThat(fold(created(3), plus(sends, unanswered(N1, T0 + 30, 1)), List.of()))
                .extracting(CommandState::state, CommandState::sends).containsExactly(State.QUEUED, 1);
    }

    @Test
    void theLastAllowedSendUnansweredFailsAndSendsBeyondTheLimitDoNotCount() {
        List<StoredEvent> events = List.of(sent(N1, T0 + 10, 1), unanswered(N1, T0 + 20, 1), sent(N2, T0 + 30, 2),
                unanswered(N2, T0 + 40, 2), sent(N3, T0 + 50, 3));
        assertThat(fold(created(2), events, List.of()))
                .extracting(CommandState::state, CommandState::sends, CommandState::sentBy, CommandState::endedAt)
                .containsExactly(State.FAILED, 2, N2, T0 + 40);
    }

    @Test
    void expiringAndFailingBothEndItAndTheEarlierShows() {
        List<StoredEvent> failing = List.of(sent(N1, T0 + 10, 1), unanswered(N1, T0 + 50, 1));
        assertThat(fold(created(1), plus(failing, expired(N2, T0 + 40), expired(N3, T0 + 45)), List.of()))
                .extracting(CommandState::state, CommandState::endedAt).containsExactly(State.EXPIRED, T0 + 40);
        assertThat(fold(created(1), plus(failing, expired(N2, T0 + 60)), List.of()))
                .extracting(CommandState::state, CommandState::endedAt).containsExactly(State.FAILED, T0 + 50);
    }

    @Test
    void aReplyWinsOverEverythingAndTheFirstReplyIsTheOne() {
        List<StoredEvent> ended = List.of(sent(N1, T0 + 10, 1), unanswered(N1, T0 + 20, 1), expired(N3, T0 + 30));
        CommandState state = fold(created(1), ended, List.of(reply(N2, T0 + 90, "late"), reply(N3, T0 + 80, "ok")));
        assertThat(state.state()).isEqualTo(State.REPLIED);
        assertThat(state.reply()).extracting(CommandState.Reply::text, CommandState.Reply::by,
                CommandState.Reply::at).containsExactly("ok", N3, T0 + 80);
        assertThat(state.endedAt()).isNull();
        assertThat(state.events()).isEqualTo(6);
    }

    static LongStream seeds() {
        return LongStream.concat(LongStream.rangeClosed(1, 40), LongStream.of(Long.getLong("galileo.test.seed",
                System.nanoTime())));
    }

    /** Random histories of sends, silences, expiries and replies by three nodes fold alike in every order. */
    @ParameterizedTest
    @MethodSource("seeds")
    void theStateIsTheSameWhateverOrderTheEntriesArrivedIn(long seed) {
        Random random = new Random(seed);
        StoredEvent created = created(1 + random.nextInt(4));
        List<StoredEvent> events = new ArrayList<>();
        List<StoredEvent> replies = new ArrayList<>();
        int entries = random.nextInt(12);
        for (int i = 0; i < entries; i++) {
            String node = NODES.get(random.nextInt(NODES.size()));
            long at = T0 + random.nextInt(50); // few distinct times: ties between nodes happen
            int attempt = 1 + random.nextInt(created.event().maxSends() + 1);
            switch (random.nextInt(10)) {
                case 0 -> replies.add(reply(node, at, "r" + i));
                case 1 -> events.add(expired(node, at));
                case 2, 3, 4 -> events.add(unanswered(node, at, attempt));
                default -> events.add(sent(node, at, attempt));
            }
        }
        CommandState expected = fold(created, events, replies);
        for (int shuffle = 0; shuffle < 20; shuffle++) {
            Collections.shuffle(events, random);
            Collections.shuffle(replies, random);
            assertThat(fold(created, events, replies)).as("seed %d", seed).isEqualTo(expected);
        }
        assertThat(expected.sends()).isBetween(0, created.event().maxSends());
    }

    // ---------------------------------------------------------------- entries

    private static CommandState fold(StoredEvent created, List<StoredEvent> events, List<StoredEvent> replies) {
        return CommandFold.fold(created, events, replies);
    }

    private static List<StoredEvent> plus(List<StoredEvent> events, StoredEvent... more) {
        List<StoredEvent> all = new ArrayList<>(events);
        all.addAll(List.of(more));
        return all;
    }

    private StoredEvent created(int maxSends) {
        return stored(N1, CommandEvent.created(ID, IMEI, NUMBER, T0, "status", T0 + 3_600_000, maxSends));
    }

    private StoredEvent sent(String node, long at, int attempt) {
        return stored(node, CommandEvent.sent(command(), at, attempt));
    }

    private StoredEvent unanswered(String node, long at, int attempt) {
        return stored(node, CommandEvent.unanswered(command(), at, attempt));
    }

    private StoredEvent expired(String node, long at) {
        return stored(node, CommandEvent.expired(command(), at));
    }

    private StoredEvent reply(String node, long at, String text) {
        return stored(node, CommandEvent.replied(IMEI, NUMBER, at, text, null));
    }

    private StoredEvent stored(String node, CommandEvent event) {
        return new StoredEvent(node, ++seq, event);
    }

    /** Only what the entry factories read of a command. */
    private static CommandState command() {
        return new CommandState(ID, IMEI, NUMBER, "status", State.QUEUED, T0, N1, T0 + 3_600_000, 3, 0, null, null,
                null, null, 1);
    }
}
