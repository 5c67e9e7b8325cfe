package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.access.TeamSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Pairing over real HTTP between real nodes, as a user does it: a code typed in lowercase with spaces joins the
 * right team; a mistyped code and a code no reachable node uses are refused before anything changes (unless
 * joined anyway); logins take the code however it is typed; codes stored by older versions keep working; a
 * configured passphrase stays exact; a new node prints its code once, with a command that shows it again.
 */
class PairingTest {

    @TempDir
    Path tmp;

    private TestNode generated(String name, String... extra) {
        String[] properties = new String[extra.length + 1];
        properties[0] = "galileo.sync.secret=";
        System.arraycopy(extra, 0, properties, 1, extra.length);
        return TestNode.start(name, tmp.resolve(name), properties);
    }

    private static String code(TestNode node) {
        return node.bean(TeamSecret.class).pairingCode();
    }

    /** The way a person copies a code off another screen. */
    private static String sloppy(String code) {
        return " " + code.replace("L", "1").toLowerCase(Locale.ROOT).replace("-", " ") + " ";
    }

    @Test
    void aCodeTypedSloppilyJoinsTheTeamOfTheNodeThatUsesItAndTheyThenSync() throws IOException {
        try (TestNode a = generated("depot-laptop"); TestNode b = generated("field-phone")) {
            String codeA = code(a);
            assertThat(codeA).matches("([A-HJ-NP-Z2-9]{4}-){5}[A-HJ-NP-Z2-9]{4}");
            a.ingest(TestNode.randomRecords(new Random(3), 25, 2));
            NodeApi.Answer joined = NodeApi.post(b.url() + "/api/peer/pairing",
                    Map.of("code", sloppy(codeA).replace("1", "l"), "peerUrl", a.url().replace("http://", "")));
            assertThat(joined.status()).as(joined.text()).isEqualTo(200);
            assertThat(joined.json().get("message").asString()).isEqualTo("Joined the team of depot-laptop.");
            assertThat(joined.json().get("nodesUsingCode").get(0).get("url").asString()).isEqualTo(a.url());
            assertThat(code(b)).isEqualTo(codeA);
            assertThat(b.syncWith(a).newRecords()).isEqualTo(25);
        }
    }

    @Test
    void aMistypedCodeAndACodeNoReachableNodeUsesChangeNothingUnlessJoinedAnyway() throws IOException {
        try (TestNode a = generated("depot-laptop"); TestNode b = generated("field-phone")) {
            b.bean(KnownPeers.class).add(a.url());
            String before = code(b);
            String codeA = code(a);
            // one character mistyped: the check character says so at once
            char wrong = codeA.charAt(5) == 'X' ? 'Y' : 'X';
            String typo = codeA.substring(0, 5) + wrong + codeA.substring(6);
            NodeApi.Answer mistyped = NodeApi.post(b.url() + "/api/peer/pairing", Map.of("code", typo));
            assertThat(mistyped.status()).isEqualTo(400);
            assertThat(mistyped.json().get("type").asString()).isEqualTo(PairingController.MISTYPED_CODE);
            assertThat(mistyped.json().get("detail").asString()).contains("mistyped").contains("nothing was changed");
            assertThat(code(b)).isEqualTo(before);

            // a well-formed code that no node in reach uses (the known peer A is asked, and uses another)
            String nobodys = generatedCodeOf(tmp.resolve("nobody"));
            NodeApi.Answer unused = NodeApi.post(b.url() + "/api/peer/pairing", Map.of("code", nobodys));
            assertThat(unused.status()).as(unused.text()).isEqualTo(422);
            JsonNode problem = unused.json();
            assertThat(problem.get("title").asString()).isEqualTo("No reachable node uses this code");
            assertThat(problem.get("detail").asString()).contains(a.url() + " uses another code")
                    .contains("Nothing was changed");
            assertThat(problem.get("checked").get(0).get("usesCode").asBoolean()).isFalse();
            assertThat(code(b)).isEqualTo(before);

            // a code with a character missing: the refusal says how long a code is
            NodeApi.Answer shortCode = NodeApi.post(b.url() + "/api/peer/pairing", Map.of("code", nobodys.substring(1)));
            assertThat(shortCode.status()).isEqualTo(422);
            assertThat(shortCode.json().get("detail").asString()).contains("a pairing code has 24 characters; this one has 23");

            // joined anyway (the other team's devices are off): the code is taken
            NodeApi.Answer forced = NodeApi.post(b.url() + "/api/peer/pairing", Map.of("code", nobodys, "force", true));
            assertThat(forced.status()).as(forced.text()).isEqualTo(200);
            assertThat(code(b)).isEqualTo(nobodys);
        }
    }

    @Test
    void loginsAndBearerTokensTakeTheCodeHoweverItIsTyped() throws IOException {
        try (TestNode a = generated("depot-laptop", "galileo.api.loopback-trusted=false")) {
            String typed = sloppy(code(a));
            assertThat(NodeApi.post(a.url() + "/api/session", Map.of("code", typed)).status()).isEqualTo(200);
            assertThat(NodeApi.get(a.url() + "/api/node/status", "Authorization", "Bearer " + typed.trim()).status())
                    .isEqualTo(200);
            assertThat(NodeApi.get(a.url() + "/api/node/status", "Authorization", "Bearer WRONG-CODE").status())
                    .isEqualTo(401);
        }
    }

    @Test
    void aCodeStoredByAnOlderVersionStaysTheKeyAndAConfiguredCopyInAnyCaseMatchesIt() throws IOException {
        String old = "JUJN8-AFH54-ELFL2-2NFJL"; // 20 characters, no check character: the earlier format
        try (TestNode first = generated("old-gateway")) {
            first.jdbc().sql("update access_settings set setting_value = ? where setting_key = 'secret'").param(old)
                    .update();
        }
        try (TestNode reopened = TestNode.start("old-gateway", tmp.resolve("old-gateway"), "galileo.sync.secret=");
             TestNode configured = TestNode.start("new-phone", tmp.resolve("new-phone"),
                     "galileo.sync.secret=jujn8 afh54 e1f12 2nfj1")) {
            assertThat(code(reopened)).isEqualTo(old);
            assertThat(code(configured)).isEqualTo(old);
            reopened.ingest(TestNode.randomRecords(new Random(5), 10, 1));
            assertThat(configured.syncWith(reopened).newRecords()).isEqualTo(10);
            assertThat(NodeApi.post(reopened.url() + "/api/session", Map.of("code", "jujn8afh54elfl22nfjl")).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aConfiguredPassphraseStaysExactlyAsGiven() throws IOException {
        try (TestNode a = TestNode.start("depot", tmp.resolve("depot"), "galileo.sync.secret=Depot Team 2024",
                "galileo.api.loopback-trusted=false")) {
            assertThat(code(a)).isEqualTo("Depot Team 2024");
            assertThat(NodeApi.post(a.url() + "/api/session", Map.of("code", "Depot Team 2024")).status()).isEqualTo(200);
            assertThat(NodeApi.post(a.url() + "/api/session", Map.of("code", "depot team 2024")).status()).isEqualTo(401);
            NodeApi.Answer pairing = NodeApi.post(a.url() + "/api/peer/pairing", Map.of("code", "ABCD-EFGH"),
                    "Authorization", "Bearer Depot Team 2024");
            assertThat(pairing.status()).isEqualTo(409);
        }
    }

    @Test
    void aNewNodePrintsItsCodeOnceWithTheCommandThatShowsItAgain() throws Exception {
        Path dir = tmp.resolve("gateway");
        Path log = tmp.resolve("gateway.log");
        String code;
        String port;
        try (TestNode node = TestNode.start("gateway", dir, "galileo.sync.secret=", "logging.file.name=" + log,
                "logging.level.io.galileosync.access=INFO")) {
            code = code(node);
            port = node.url().substring(node.url().lastIndexOf(':') + 1);
            String status = "http://localhost:" + port + "/api/peer/status";
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(lines.stream().filter(l -> l.contains(code))).hasSize(1);
            assertThat(String.join("\n", lines)).contains("new pairing code: " + code)
                    .contains("curl -s " + status).contains("docker exec <container> curl -s " + status);
            // the printed command, run as printed, on this device
            Process curl = new ProcessBuilder("curl", "-s", status).redirectErrorStream(true).start();
            assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String shown = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(NodeApi.JSON.readTree(shown).get("pairingCode").asString()).isEqualTo(code);
        }
        Files.delete(log);
        try (TestNode again = TestNode.start("gateway", dir, "galileo.sync.secret=", "logging.file.name=" + log,
                "logging.level.io.galileosync.access=INFO")) {
            assertThat(code(again)).isEqualTo(code);
            assertThat(Files.readString(log)).doesNotContain(code);
        }
    }

    /** A code as a node of another team generates it (its node is closed again: nobody in reach uses it). */
    private static String generatedCodeOf(Path dir) {
        try (TestNode other = TestNode.start("elsewhere", dir, "galileo.sync.secret=")) {
            return code(other);
        }
    }
}
