package io.galileosync.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A node's REST API over real HTTP, as the device's own user (loopback), reading JSON as any client would. */
final class NodeApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> get(TestNode node, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(TestNode node, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(TestNode node, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + path))
                .timeout(Duration.ofSeconds(30));
        request = json == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a 200 answer. */
    JsonNode json(TestNode node, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(node, path);
        assertThat(response.statusCode()).as("GET %s on %s: %s", path, node.url(), response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Queues a command by the REST API: the command as answered (201). */
    JsonNode queue(TestNode node, String imei, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = post(node, "/api/devices/" + imei + "/commands", body);
        assertThat(response.statusCode()).as("queue on %s: %s", node.url(), response.body()).isEqualTo(201);
        JsonNode command = JSON.readTree(response.body());
        assertThat(response.headers().firstValue("Location")).hasValue("/api/commands/" + command.get("id").asString());
        return command;
    }

    JsonNode command(TestNode node, String id) throws IOException, InterruptedException {
        return json(node, "/api/commands/" + id);
    }
}
