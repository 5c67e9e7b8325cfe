package io.galileosync.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.web.GalileoTestProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API description over real HTTP, as Swagger UI and a script generator read it: a real title and the build's
 * version, a tag per feature, every operation with a summary and a unique, meaningful operationId, problem-detail
 * errors, the pairing code as the bearer scheme, the import's body; the signed peer protocol apart, and no
 * request condition posing as a parameter.
 */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "galileo.node.name=test-node")
class ApiDocumentationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    /** One operation: its method and path, and its description. */
    record Op(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    @Test
    void thePeoplesApiHasItsTitleVersionFeatureTagsAndBearerScheme() throws Exception {
        JsonNode api = json("/v3/api-docs");
        Files.writeString(Path.of("target", "api-docs.json"), api.toPrettyString());
        assertThat(api.at("/info/title").asString()).isEqualTo("Galileo Sync API");
        assertThat(api.at("/info/version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(api.at("/components/securitySchemes/pairingCode/scheme").asString()).isEqualTo("bearer");
        assertThat(api.at("/components/securitySchemes/pairingCode/type").asString()).isEqualTo("http");
        assertThat(api.at("/security/0").has("pairingCode")).isTrue();
        assertThat(json("/v3/api-docs/people").get("paths").propertyNames()).containsExactlyInAnyOrderElementsOf(
                api.get("paths").propertyNames());

        List<Op> ops = operations(api);
        Set<String> tags = new TreeSet<>();
        ops.forEach(op -> op.node().get("tags").forEach(t -> tags.add(t.asString())));
        assertThat(tags).contains("Records", "Devices", "Peers", "Sync", "Node", "Commands");
        assertThat(ops).allSatisfy(op -> {
            assertThat(op.node().path("summary").asString()).as(op + " summary").isNotBlank();
            assertThat(op.node().get("tags")).as(op + " tags").hasSize(1);
            // a generated id for a clash is "name_1"; a generated one for a method named like its path is fine
            assertThat(op.node().path("operationId").asString()).as(op + " operationId")
                    .matches("[a-z][A-Za-z0-9]+");
            assertThat(op.node().get("responses").propertyNames()).as(op + " success").anyMatch(c -> c.startsWith("2"));
            assertThat(op.node().at("/responses/500/content/application~1problem+json/schema/$ref").asString())
                    .as(op + " problem details").isEqualTo("#/components/schemas/ProblemDetail");
        });
        assertThat(ops.stream().map(op -> op.node().get("operationId").asString()).distinct()).hasSameSizeAs(ops);
        assertThat(ops).allSatisfy(op -> assertThat(op.path()).startsWith("/api/"));
        assertThat(api.toString()).doesNotContain("\"name\":\"!");
    }

    @Test
    void operationsAnswerWithTheirTypesAndTheirErrors() throws Exception {
        JsonNode paths = json("/v3/api-docs").get("paths");
        JsonNode login = paths.at("/~1api~1session/post");
        assertThat(login.get("security")).as("logging in needs no login").isEmpty();
        assertThat(login.at("/responses/401/description").asString()).contains("pairing code");
        assertThat(login.at("/responses").has("429")).isTrue();
        JsonNode records = paths.at("/~1api~1records/get");
        assertThat(records.at("/responses/200/content").toString()).contains("$ref");
        assertThat(records.at("/responses").has("400")).isTrue();
        assertThat(paths.at("/~1api~1devices~1{imei}/get/responses").has("404")).isTrue();
        JsonNode pairing = paths.at("/~1api~1peer~1pairing/post/responses");
        assertThat(pairing.has("409")).isTrue();
        assertThat(pairing.has("422")).isTrue();
        assertThat(paths.at("/~1api~1peer~1connect/post/responses").has("502")).isTrue();
        JsonNode upload = paths.at("/~1api~1peer~1import/post/requestBody/content");
        assertThat(upload.has("application/json")).isTrue();
        assertThat(upload.at("/application~1json/schema/format").asString()).isEqualTo("binary");
        assertThat(paths.at("/~1api~1peer~1export/get/responses/200/content").has("application/json")).isTrue();
    }

    @Test
    void theSignedPeerProtocolIsItsOwnDefinition() throws Exception {
        JsonNode peers = json("/v3/api-docs/peer-protocol");
        List<Op> ops = operations(peers);
        assertThat(ops).isNotEmpty().allSatisfy(op -> {
            assertThat(op.path()).startsWith("/peer/");
            assertThat(op.node().at("/responses").has("401")).isTrue();
            assertThat(op.node().path("operationId").asString()).as(op + " operationId").matches("[a-z][A-Za-z0-9]+");
        });
        assertThat(ops).extracting(Op::toString).contains("GET /peer/status", "POST /peer/sync", "GET /peer/export");
        assertThat(peers.at("/components/securitySchemes/peerSignature/name").asString())
                .isEqualTo("X-Galileo-Signature");
        assertThat(peers.at("/security/0").has("peerSignature")).isTrue();
        assertThat(peers.toString()).doesNotContain("\"name\":\"!");
        JsonNode config = json("/v3/api-docs/swagger-config");
        assertThat(config.get("urls").findValuesAsString("name")).containsExactlyInAnyOrder(
                "People's API (page and scripts)", "Peer protocol (signed, node to node)");
        assertThat(config.get("urls.primaryName").asString()).as("Swagger UI opens the people's").isEqualTo("people");
    }

    private static List<Op> operations(JsonNode api) {
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                if (METHODS.contains(method.getKey())) {
                    ops.add(new Op(method.getKey(), path.getKey(), method.getValue()));
                }
            }
        }
        return ops;
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
