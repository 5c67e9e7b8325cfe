package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * What a field user sees when an address is wrong or a peer hangs, over real HTTP: a malformed peer URL is a
 * 400 that says what is wrong with it, on every endpoint that takes one; check-peer on a peer that accepts the
 * connection and never answers says so within the probe timeout; the status names this node's real URLs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerErrorsInWordsTest {

    @TempDir
    static Path tmp;
    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.start("field-phone", tmp.resolve("node"), "galileo.sync.secret=");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "http://10.0.0.5:99999 | '99999' is not a port (1 to 65535)",
            "10.0.0.5:0            | '0' is not a port",
            "http://10.0.0.5:30o1  | '30o1' is not a port",
            "ftp://10.0.0.5:21     | starts with http:// or https://, not ftp://",
            "http://admin@10.0.0.5 | carries no user name or password",
            "http://10.0.0.5 :3001 | has no spaces",
            "http://:3001          | no host name or address",
            "http://exa_mple:3001  | 'exa_mple:3001' is not a host name or address",
            "http://[::1           | not a valid peer URL"})
    void aMalformedPeerUrlIsA400SayingWhatIsWrongOnEveryEndpoint(String url, String why) throws IOException {
        String query = URLEncoder.encode(url, StandardCharsets.UTF_8);
        List<NodeApi.Answer> answers = new ArrayList<>();
        answers.add(NodeApi.post(node.url() + "/api/node/check-peer", Map.of("url", url)));
        answers.add(NodeApi.post(node.url() + "/api/peer/connect", Map.of("url", url)));
        answers.add(NodeApi.post(node.url() + "/api/peer/peers", Map.of("url", url)));
        answers.add(NodeApi.post(node.url() + "/api/peer/pairing", Map.of("code", "ABCD-EFGH-JKLM-NPQR-STUV-WXY5",
                "peerUrl", url)));
        answers.add(NodeApi.method("DELETE", node.url() + "/api/peer/peers?url=" + query));
        answers.add(NodeApi.method("PUT", node.url() + "/api/peer/peers/enabled?enabled=true&url=" + query));
        for (NodeApi.Answer answer : answers) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.json().get("detail").asString()).contains(why);
        }
        assertThat(node.bean(KnownPeers.class).list()).isEmpty();
    }

    @Test
    void checkPeerOnAPeerThatHangsAnswersWithinTheProbeTimeoutInWords() throws Exception {
        try (ServerSocket hung = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(hung.accept()); // and never a byte back
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            NodeApi.Answer check = NodeApi.post(node.url() + "/api/node/check-peer",
                    Map.of("url", "127.0.0.1:" + hung.getLocalPort()));
            assertThat(check.status()).isEqualTo(200);
            JsonNode result = check.json();
            assertThat(result.get("reachable").asBoolean()).isFalse();
            assertThat(result.get("message").asString()).contains("accepted the connection but did not answer within 4 s");
            assertThat(check.millis()).as("answered after %d ms (the request timeout is 60 s)", check.millis())
                    .isBetween(3_500L, 15_000L);
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void theStatusNamesThisNodesRealUrls() throws IOException {
        JsonNode status = NodeApi.get(node.url() + "/api/peer/status").json();
        String port = node.url().substring(node.url().lastIndexOf(':') + 1);
        assertThat(status.get("connectionUrl").asString()).matches("http://[0-9.]+:" + port)
                .doesNotContain("<this-host>");
        List<String> urls = new ArrayList<>();
        status.get("connectionUrls").forEach(u -> urls.add(u.asString()));
        assertThat(urls).isNotEmpty().first().isEqualTo(status.get("connectionUrl").asString());
        assertThat(urls).allSatisfy(u -> assertThat(u).endsWith(":" + port));
    }
}
