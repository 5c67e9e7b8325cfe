package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Every error of the API is an RFC 9457 problem detail that says what was wrong. */
class ProblemDetailsTest extends HttpApiTest {

    private static final String IMEI = "868204005647838";

    @BeforeEach
    void aDeviceExists() {
        // the device exists, so a 400 below is about the parameter, not a 404 in disguise
        db.device(IMEI).insert();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/records?from=yesterday",
            "/api/records?to=2024-13-01",
            "/api/records?from=2024-05-01T10:00:00",
            "/api/records?from=99999999999999999999",
            "/api/records?from=2024-05-02&to=2024-05-01",
            "/api/records?from=2024-05-01T10:00:00.001Z&to=2024-05-01T10:00:00Z",
            "/api/records?from=999999999999999999&to=1",
            "/api/records?limit=0",
            "/api/records?limit=-5",
            "/api/records?limit=10001",
            "/api/records?limit=abc",
            "/api/records?limit=99999999999",
            "/api/records?offset=-1",
            "/api/records?offset=1.5",
            "/api/records?imei=86820400564783-8",
            "/api/records?imei=123456789012345678901234567890123",
            "/api/devices/abc%20def",
            "/api/devices/123456789012345678901234567890123",
            "/api/devices/" + IMEI + "/track?from=noon",
            "/api/devices/" + IMEI + "/track?from=2024-05-02&to=2024-05-01",
            "/api/devices/" + IMEI + "/records.csv?to=2024-05-01T25:00:00Z",
            "/api/devices/imei.with.dots/records.csv",
            "/api/quarantine?limit=0",
            "/api/quarantine?offset=-3",
            "/api/quarantine?limit=x",
    })
    void aBadParameterIsA400Problem(String pathAndQuery) throws Exception {
        assertProblem(api.get(pathAndQuery), 400, "Bad Request");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /api/records?limit=0                          | limit must be between 1 and 10000, got 0
            /api/records?limit=abc                        | limit must be an integer, got 'abc'
            /api/records?offset=-1                        | offset must not be negative, got -1
            /api/records?from=2024-05-02&to=2024-05-01    | from '2024-05-02' is after to '2024-05-01'
            /api/records?imei=bad-imei                    | IMEI 'bad-imei' is malformed: expected 1 to 32 letters or digits
            """)
    void theDetailSaysWhatIsWrong(String pathAndQuery, String detail) throws Exception {
        assertThat(problem(api.get(pathAndQuery)).get("detail").asString()).isEqualTo(detail);
    }

    @Test
    void aMalformedTimeNamesTheParameterAndTheAcceptedForms() throws Exception {
        assertThat(problem(api.get("/api/records?to=soon")).get("detail").asString())
                .startsWith("to 'soon' is not a time")
                .contains("ISO-8601", "2024-05-01", "epoch milliseconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/track", "/records.csv"})
    void anUnknownDeviceIsA404Problem(String resource) throws Exception {
        JsonNode problem = assertProblem(api.get("/api/devices/123456789012345" + resource), 404, "Not Found");
        assertThat(problem.get("detail").asString()).isEqualTo("No device with IMEI 123456789012345");
    }

    @Test
    void anUnknownPathIsA404Problem() throws Exception {
        assertProblem(api.get("/api/nothing-here"), 404, "Not Found");
    }

    @Test
    void anUnexpectedFailureIsA500ProblemThatGivesNothingAway() throws Exception {
        db.record(IMEI, "2024-05-01T10:00:00Z", 1).set("body", new byte[] {(byte) 0xFF}).insert();

        JsonNode problem = assertProblem(api.get("/api/records"), 500, "Internal Server Error");
        assertThat(problem.get("detail").asString()).isEqualTo("Unexpected error; the server log has details");
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String title) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode problem = problem(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isEqualTo(title);
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    private static JsonNode problem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return ApiClient.parse(response);
    }
}
