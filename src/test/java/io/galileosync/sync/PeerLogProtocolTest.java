package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replicated logs' peer endpoints over real, signed HTTP (a node's own client calling it): what a pull
 * answers, and pushes refused before any log sees them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerLogProtocolTest {

    private static final String ORIGIN = "0d9b3a52-8f0e-4b5f-9d55-1f2e3d4c5b6a";

    @TempDir
    static Path dir;

    private TestNode node;
    private PeerClient client;

    @BeforeAll
    void start() {
        node = TestNode.start("logs", dir.resolve("node"));
        client = node.bean(PeerClient.class);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void aPullAnswersTheNextBatchAndTheAnsweringNodesVector() {
        LogWire.Batch batch = client.pullLog(node.url(), "commands", Map.of(), new SyncTally());
        assertThat(batch.entries()).isEmpty();
        assertThat(batch.more()).isFalse();
        assertThat(batch.vector()).isEmpty();
    }

    @Test
    void aPushWithABadEnvelopeOrToALogThatIsNotHereIsRefused() {
        JsonMapper json = JsonMapper.builder().build();
        List<LogEntry> unnumbered = List.of(new LogEntry(ORIGIN, 0, json.createObjectNode().put("kind", "created")));
        assertThatThrownBy(() -> client.pushLog(node.url(), "commands", new LogWire.Push(unnumbered), new SyncTally()))
                .isInstanceOfSatisfying(PeerClient.PeerException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("seq must be positive");
        assertThatThrownBy(() -> client.pullLog(node.url(), "no-such-log", Map.of(), new SyncTally()))
                .isInstanceOfSatisfying(PeerClient.PeerException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(node.bean(ReplicatedLogs.class).named("commands").orElseThrow().vector())
                .as("nothing kept").doesNotContainKey(ORIGIN);
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(node.url() + "/peer/logs/commands?since=")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }
}
