package io.galileosync.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.simulate.ScriptedTrackerServer.Answer;
import io.galileosync.simulate.ScriptedTrackerServer.Received;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tracker's duties when the server misbehaves: resend on silence and on a wrong CRC, reconnect, give up. */
class SimulatorResendTest {

    private static final PrintStream NO_PROGRESS = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void aPacketWithoutAckOrWithAnotherCrcIsSentAgainAndCounted() throws Exception {
        // frames: 0 head, 1 main #1, 2 main #2 (silence), 3 main #2 again, 4 main #3 (wrong CRC), 5 main #3 again
        try (ScriptedTrackerServer server = new ScriptedTrackerServer((n, frame) ->
                n == 2 ? Answer.SILENCE : n == 4 ? Answer.WRONG_CRC : Answer.ACK)) {
            SimulationReport report = run(server.port(), 1, 30, 10, 3);
            assertThat(report.allAcked()).isTrue();
            assertThat(report.recordsAcked()).isEqualTo(30);
            assertThat(report.resends()).isEqualTo(2);
            assertThat(report.errorCount()).isZero();
            List<Received> frames = server.received();
            assertThat(frames).hasSize(6);
            assertThat(frames.get(3).frame()).as("the same packet again").isEqualTo(frames.get(2).frame());
            assertThat(frames.get(5).frame()).isEqualTo(frames.get(4).frame());
            assertThat(frames.get(2).frame()).isNotEqualTo(frames.get(1).frame());
            assertThat(frames.get(5).frame()[2] & 0x80).as("the last packet: archive empty").isZero();
            assertThat(report.ackMaxMicros()).as("the silent packet waited for its timeout")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos() / 1000);
        }
    }

    @Test
    void afterALostConnectionTheTrackerSendsItsHeadAndTheSamePacketAgain() throws Exception {
        try (ScriptedTrackerServer server = new ScriptedTrackerServer((n, frame) ->
                n == 2 ? Answer.CLOSE : Answer.ACK)) {
            SimulationReport report = run(server.port(), 1, 30, 10, 3);
            assertThat(report.allAcked()).isTrue();
            assertThat(report.reconnects()).isEqualTo(1);
            List<Received> frames = server.received();
            assertThat(frames).extracting(Received::connection).containsExactly(0, 0, 0, 1, 1, 1);
            assertThat(frames.get(3).isHead()).isTrue();
            assertThat(frames.get(4).frame()).isEqualTo(frames.get(2).frame());
        }
    }

    @Test
    void aTrackerGivesUpAfterTheResendsAllowedAndTheRunSaysSo() throws Exception {
        try (ScriptedTrackerServer server = new ScriptedTrackerServer((n, frame) ->
                n == 0 ? Answer.ACK : Answer.SILENCE)) {
            SimulationReport report = run(server.port(), 2, 30, 10, 2);
            assertThat(report.allAcked()).isFalse();
            assertThat(report.recordsAcked()).as("the other tracker's head was not ACKed either").isZero();
            assertThat(report.trackersFailed()).isEqualTo(2);
            assertThat(report.resends()).isEqualTo(4);
            assertThat(report.errors()).containsEntry("gave up: no ACK after 2 resends", 2);
            assertThat(report.format()).contains("NOT ALL ACKNOWLEDGED");
        }
    }

    @Test
    void nobodyListeningEndsTheRunWithErrorsInsteadOfHanging() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        SimulationReport report = run(port, 3, 10, 5, 1);
        assertThat(report.trackersFailed()).isEqualTo(3);
        assertThat(report.recordsAcked()).isZero();
        assertThat(report.reconnects()).isEqualTo(3);
        assertThat(report.errors()).containsEntry("gave up after 2 lost connections in a row", 3);
        assertThat(report.errors().keySet()).anyMatch(e -> e.startsWith("connect failed"));
    }

    private static SimulationReport run(int port, int trackers, int records, int perPacket, int maxResends)
            throws IOException {
        SimulatorOptions options = new SimulatorOptions("127.0.0.1", port, trackers, records, perPacket,
                Double.POSITIVE_INFINITY, 860_000_000_000_000L, 1, Instant.parse("2026-01-01T00:00:00Z"),
                Duration.ofMillis(300), maxResends);
        return new Simulator(options, NO_PROGRESS).run();
    }
}
