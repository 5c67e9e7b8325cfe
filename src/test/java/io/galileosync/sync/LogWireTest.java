package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The envelope of replicated log entries from peers, checked before any log sees them. */
class LogWireTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORIGIN = "0d9b3a52-8f0e-4b5f-9d55-1f2e3d4c5b6a";
    private static final ObjectNode DATA = JSON.createObjectNode().put("kind", "created");

    @Test
    void aBatchWhoseSequenceRisesPerOriginPasses() {
        List<LogEntry> entries = List.of(new LogEntry(ORIGIN, 4, DATA), new LogEntry("other-node", 1, DATA),
                new LogEntry(ORIGIN, 5, DATA));
        assertThat(LogWire.checkedEntries(entries, 3)).isSameAs(entries);
    }

    @Test
    void aBadEnvelopeIsRefusedNamingItsFault() {
        assertRefused(null, 10, "needs entries");
        assertRefused(List.of(new LogEntry(ORIGIN, 1, DATA), new LogEntry(ORIGIN, 2, DATA)), 1, "at most 1");
        assertRefused(List.of(new LogEntry("no spaces allowed", 1, DATA)), 10, "origin");
        assertRefused(List.of(new LogEntry("x".repeat(37), 1, DATA)), 10, "origin");
        assertRefused(List.of(new LogEntry(ORIGIN, 0, DATA)), 10, "positive");
        assertRefused(List.of(new LogEntry(ORIGIN, 3, DATA), new LogEntry(ORIGIN, 3, DATA)), 10, "does not rise");
        assertRefused(List.of(new LogEntry(ORIGIN, 1, JSON.createArrayNode())), 10, "JSON object");
        assertRefused(List.of(new LogEntry(ORIGIN, 1, null)), 10, "JSON object");
    }

    @Test
    void vectorsAndNamesAreChecked() {
        assertThat(LogWire.checkedVector(Map.of(ORIGIN, 7L))).containsEntry(ORIGIN, 7L);
        assertThatThrownBy(() -> LogWire.checkedVector(Map.of(ORIGIN, -1L))).hasMessageContaining("bad vector entry");
        assertThatThrownBy(() -> LogWire.checkedVector(null)).hasMessageContaining("vector");
        assertThat(LogWire.checkedName("commands")).isEqualTo("commands");
        assertThatThrownBy(() -> LogWire.checkedName("../records")).hasMessageContaining("name");
    }

    private static void assertRefused(List<LogEntry> entries, int maxEntries, String fault) {
        assertThatThrownBy(() -> LogWire.checkedEntries(entries, maxEntries))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(fault);
    }
}
