package io.galileosync.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.web.GalileoTestProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Guessing the pairing code, over real HTTP: a few tries are free, then each must wait longer (429). */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"galileo.api.loopback-trusted=false", "galileo.sync.secret=THROTTLE-CODE-42"})
class LoginThrottleTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void wrongCodesFromOneSourceSlowItDownEvenForTheRightCodeAndTheBearerToken() throws Exception {
        for (int i = 0; i < LoginThrottle.FREE_TRIES; i++) {
            assertThat(login("GUESS-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = login("GUESS-X");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(login("THROTTLE-CODE-42").statusCode()).as("the right code must wait too").isEqualTo(429);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/devices"))
                .header("Authorization", "Bearer THROTTLE-CODE-42").build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("nor does a bearer token get in meanwhile").isEqualTo(401);

        Thread.sleep(1100);
        assertThat(login("THROTTLE-CODE-42").statusCode()).as("after the wait").isEqualTo(200);
        assertThat(login("GUESS-AGAIN").statusCode()).as("a right code clears the count").isEqualTo(401);
    }

    private HttpResponse<String> login(String code) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
