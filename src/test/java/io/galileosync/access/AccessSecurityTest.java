package io.galileosync.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The people's API against an attacker on the LAN, on a real node over raw HTTP: paths that the dispatcher
 * would map to protected handlers but that look different (matrix parameters, encodings, case, dot
 * segments), paths nobody listed, cross-site requests and rebound host names in the device's own browser.
 * The LAN attacker is a real other address (a network namespace) where the machine allows it, and loopback
 * on a node that does not trust loopback either way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessSecurityTest {

    private static final String CODE = "TEAM-CODE-5678-ABCD";

    @TempDir
    static Path dir;

    /** Trusts its own device (the default); attacked from the LAN client. */
    private TestNode trusting;
    /** Trusts no one: attacked from loopback. */
    private TestNode strict;
    private LanClient lan;

    @BeforeAll
    void start() {
        trusting = TestNode.start("trusting", dir.resolve("trusting"), "galileo.sync.secret=" + CODE);
        strict = TestNode.start("strict", dir.resolve("strict"), "galileo.sync.secret=" + CODE,
                "galileo.api.loopback-trusted=false");
        lan = LanClient.open();
    }

    @AfterAll
    void stop() {
        if (lan != null) {
            lan.close();
        }
        trusting.close();
        strict.close();
    }

    /** Requests that must never answer with data to someone without the code. */
    static Stream<String[]> attacks() {
        return Stream.of(
                new String[] {"GET", "/api/peer/status"},
                new String[] {"GET", "/api;a/peer/status"},
                new String[] {"GET", "/api/peer;a/status"},
                new String[] {"GET", "/api/peer/status;jsessionid=1"},
                new String[] {"GET", "/%61pi/peer/status"},
                new String[] {"GET", "/api/%70eer/status"},
                new String[] {"GET", "/api/peer/%73tatus"},
                new String[] {"GET", "/API/peer/status"},
                new String[] {"GET", "//api/peer/status"},
                new String[] {"GET", "/api//peer/status"},
                new String[] {"GET", "/api/./peer/status"},
                new String[] {"GET", "/api/x/../peer/status"},
                new String[] {"GET", "/api/%2e/peer/status"},
                new String[] {"GET", "/api%2fpeer/status"},
                new String[] {"GET", "/swagger-ui/../api/peer/status"},
                new String[] {"GET", "/css/..;/api/peer/status"},
                new String[] {"GET", "/api;a/backup"},
                new String[] {"GET", "/api/backup"},
                new String[] {"GET", "/%61ctuator/prometheus"},
                new String[] {"GET", "/actuator;a/prometheus"},
                new String[] {"GET", "/actuator/prometheus"},
                new String[] {"GET", "/actuator/env"},
                new String[] {"GET", "/actuator/health/../metrics"},
                new String[] {"POST", "/api;a/peer/pairing"},
                new String[] {"POST", "/api/peer/pairing"},
                new String[] {"POST", "/api/peer/stop"},
                new String[] {"POST", "/api;/peer/stop"},
                new String[] {"GET", "/api/nothing-here"},
                new String[] {"GET", "/anything-not-listed"});
    }

    @ParameterizedTest(name = "{0} {1} from loopback, loopback untrusted")
    @MethodSource("attacks")
    void nothingAnswersWithDataWithoutTheCode(String method, String path) throws Exception {
        RawHttp.Answer answer = RawHttp.send("127.0.0.1", port(strict), method, path);
        assertRefused(answer, method, path);
    }

    @ParameterizedTest(name = "{0} {1} from another address on the LAN")
    @MethodSource("attacks")
    void nothingAnswersWithDataToAnotherDevice(String method, String path) throws Exception {
        Assumptions.assumeTrue(lan != null, () -> LanClient.unavailable);
        RawHttp.Answer answer = lan.send(port(trusting), method, path);
        assertRefused(answer, method, path);
    }

    @Test
    void theOwnDeviceAndTheCodeStillGetIn() throws Exception {
        assertThat(RawHttp.send("127.0.0.1", port(trusting), "GET", "/api/peer/status").text()).contains(CODE);
        assertThat(RawHttp.send("127.0.0.1", port(strict), "GET", "/api/peer/status",
                "Authorization: Bearer " + CODE).status()).isEqualTo(200);
        if (lan != null) {
            assertThat(lan.send(port(trusting), "GET", "/api/devices", "Authorization: Bearer " + CODE).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void thePageAndHealthStayOpenButHealthShowsNoDetailsWithoutTheCode() throws Exception {
        assertThat(RawHttp.send("127.0.0.1", port(strict), "GET", "/").status()).isEqualTo(200);
        RawHttp.Answer health = RawHttp.send("127.0.0.1", port(strict), "GET", "/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).contains("\"UP\"").doesNotContain("components", "ingest", "diskSpace");
        RawHttp.Answer withCode = RawHttp.send("127.0.0.1", port(strict), "GET", "/actuator/health",
                "Authorization: Bearer " + CODE);
        assertThat(withCode.text()).contains("components", "ingest");
    }

    @Test
    void anotherWebSiteInTheDevicesOwnBrowserCannotChangeAnything() throws Exception {
        int port = port(trusting);
        RawHttp.Answer stop = RawHttp.send("127.0.0.1", port, "POST", "/api/peer/stop",
                "Origin: http://evil.example");
        assertThat(stop.status()).isEqualTo(403);
        assertThat(RawHttp.send("127.0.0.1", port, "POST", "/api/peer/stop", "Origin: null").status())
                .isEqualTo(403);
        assertThat(RawHttp.send("127.0.0.1", port, "POST", "/api/peer/stop", "Sec-Fetch-Site: cross-site").status())
                .isEqualTo(403);
        assertThat(RawHttp.send("127.0.0.1", port, "GET", "/api/peer/status").text()).contains("\"peerServer\":true");

        RawHttp.Answer own = RawHttp.send("127.0.0.1", port, "POST", "/api/peer/start",
                "Origin: http://127.0.0.1:" + port);
        assertThat(own.status()).as("the page's own origin").isEqualTo(200);
    }

    @Test
    void aRebindingHostNameGetsNoLoopbackTrust() throws Exception {
        RawHttp.Answer answer = RawHttp.send("127.0.0.1", port(trusting), "GET", "/api/peer/status",
                "Host: evil.example:" + port(trusting));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.mentions(CODE)).isFalse();
        assertThat(RawHttp.send("127.0.0.1", port(trusting), "GET", "/api/peer/status",
                "Host: localhost:" + port(trusting)).status()).isEqualTo(200);
    }

    @Test
    void thePageIsSentWithSecurityHeaders() throws Exception {
        String page = RawHttp.send("127.0.0.1", port(trusting), "GET", "/").text();
        assertThat(page).containsIgnoringCase("Content-Security-Policy: default-src 'self'")
                .containsIgnoringCase("frame-ancestors 'none'")
                .containsIgnoringCase("X-Frame-Options: DENY")
                .containsIgnoringCase("X-Content-Type-Options: nosniff")
                .containsIgnoringCase("Referrer-Policy: same-origin");
    }

    private static void assertRefused(RawHttp.Answer answer, String method, String path) {
        assertThat(answer.status()).as(method + " " + path + " answered " + answer.text())
                .isIn(400, 401, 403, 404, 405);
        assertThat(answer.mentions(CODE)).as("the pairing code leaks from " + path).isFalse();
        assertThat(answer.text()).as("metrics leak from " + path).doesNotContain("jvm_memory");
        if (answer.status() == 404 || answer.status() == 405) {
            assertThat(List.of("/api/nothing-here", "/anything-not-listed")).as(
                    "only an unknown path may say it is unknown, and only to someone logged in").contains(path);
        }
    }

    private static int port(TestNode node) {
        return Integer.parseInt(node.url().substring(node.url().lastIndexOf(':') + 1));
    }
}
