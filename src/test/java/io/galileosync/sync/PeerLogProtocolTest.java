package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
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
    void aLogThePeersStatusShowsThisNodeLevelWithCostsNoRequestAndABadStatedVectorIsRefused() {
        LogSync logs = node.bean(LogSync.class);
        Map<String, Map<String, Long>> level = logs.vectors();
        assertThat(level).containsKey("commands");
        SyncTally idle = new SyncTally();
        logs.run(node.url(), level, idle);
        assertThat(idle.requests.get()).as("level with every log: nothing to pull or push").isZero();

        Map<String, Map<String, Long>> ahead = new HashMap<>(level);
        ahead.put("commands", Map.of(ORIGIN, 3L));
        SyncTally behind = new SyncTally();
        logs.run(node.url(), ahead, behind);
        assertThat(behind.requests.get()).as("the peer states commands entries this node lacks: pulled").isEqualTo(1);

        Map<String, Map<String, Long>> bad = new HashMap<>(level);
        bad.put("commands", Map.of("../../etc", 1L));
        assertThatThrownBy(() -> logs.run(node.url(), bad, new SyncTally()))
                .isInstanceOf(PeerClient.PeerException.class)
                .hasMessageContaining("stated an invalid commands log vector");
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(node.url() + "/peer/logs/commands?since=")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }
}
