package io.galileosync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import io.galileosync.web.GalileoTestProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an operator or a container runtime reads over HTTP: health, info, metrics, the API description. */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "galileo.node.name=test-node")
class OperationsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void healthHasTheIngestAndTheDatabaseAndProbeGroups() throws Exception {
        JsonNode health = json("/actuator/health");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/ingest/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/ingest/details/port").asInt()).isPositive();
        assertThat(health.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(json("/actuator/health/liveness").get("status").asString()).isEqualTo("UP");
        JsonNode readiness = json("/actuator/health/readiness");
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/ingest/status").asString()).isEqualTo("UP");
    }

    @Test
    void infoNamesTheVersionCommitAndNode() throws Exception {
        JsonNode info = json("/actuator/info");
        assertThat(info.at("/build/version").asString()).isNotBlank();
        assertThat(info.at("/git/commit/id").isMissingNode()).isFalse();
        assertThat(info.at("/node/name").asString()).isEqualTo("test-node");
        assertThat(info.at("/node/id").asString()).hasSize(36);
    }

    @Test
    void prometheusExposesTheIngestMeters() throws Exception {
        String scrape = get("/actuator/prometheus").body();
        assertThat(scrape).contains("galileo_ingest_crc_errors_total", "galileo_ingest_connections_active",
                "galileo_ingest_ack_latency_seconds", "galileo_store_queue");
    }

    @Test
    void openApiDescribesTheRecordApi() throws Exception {
        JsonNode api = json("/v3/api-docs");
        assertThat(api.get("paths").has("/api/records")).isTrue();
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
