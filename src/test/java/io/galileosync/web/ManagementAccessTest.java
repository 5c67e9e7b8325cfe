package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        assertThat(ApiClient.parse(response).get("type").asString()).isEqualTo("urn:galileo-sync:login-required");
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
