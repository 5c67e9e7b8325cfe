package io.galileosync.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.galileosync.web.GalileoTestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The people's API seen from another device on the LAN. Test traffic stays on loopback, so loopback is made
 * untrusted here: every request is treated as coming from another device.
 */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"galileo.api.loopback-trusted=false", "galileo.sync.secret=TEAM-CODE-1234"})
class ManagementAccessTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withoutLoginTheApiAnswersAProblemThatAsksForThePairingCode() throws Exception {
        HttpResponse<String> response = send(get("/api/devices"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body()).get("type").asString()).isEqualTo("urn:galileo-sync:login-required");
        assertThat(send(get("/api/peer/status")).statusCode()).as("the pairing code is not shown").isEqualTo(401);
        assertThat(send(get("/actuator/metrics")).statusCode()).isEqualTo(401);
    }

    @Test
    void thePageAndHealthStayOpen() throws Exception {
        assertThat(send(get("/")).statusCode()).isEqualTo(200);
        assertThat(send(get("/actuator/health")).statusCode()).isEqualTo(200);
    }

    @Test
    void aScriptMaySendThePairingCodeAsBearerToken() throws Exception {
        assertThat(send(get("/api/devices").header("Authorization", "Bearer TEAM-CODE-1234")).statusCode())
                .isEqualTo(200);
        assertThat(send(get("/api/devices").header("Authorization", "Bearer TEAM-CODE-9999")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aBrowserLogsInWithTheCodeAndKeepsAnHttpOnlyCookie() throws Exception {
        HttpResponse<String> wrong = send(login("WRONG"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> right = send(login("TEAM-CODE-1234"));
        assertThat(right.statusCode()).isEqualTo(200);
        String setCookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict").doesNotContain("TEAM-CODE-1234");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(send(get("/api/devices").header("Cookie", cookie)).statusCode()).isEqualTo(200);
        assertThat(send(get("/api/devices").header("Cookie", "GALILEO_SESSION=forged")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void everyLoginIsASessionOfItsOwnThatEndsAtLogout() throws Exception {
        String first = cookie(send(login("TEAM-CODE-1234")));
        String second = cookie(send(login("TEAM-CODE-1234")));
        assertThat(first).isNotEqualTo(second);

        HttpResponse<String> logout = send(get("/api/session").header("Cookie", first).DELETE());
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(send(get("/api/devices").header("Cookie", first)).statusCode()).as("the ended session").isEqualTo(401);
        assertThat(send(get("/api/devices").header("Cookie", second)).statusCode()).as("the other one").isEqualTo(200);
    }

    private static String cookie(HttpResponse<String> login) {
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpRequest.Builder login(String code) {
        return get("/api/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
