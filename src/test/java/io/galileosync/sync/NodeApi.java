package io.galileosync.sync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A node's people API over real HTTP, JSON in and out, as a script or the page uses it. */
public final class NodeApi {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private NodeApi() {
    }

    /** An answer: status, body as text and (when it is JSON) parsed, and how long it took. */
    public record Answer(int status, String text, long millis) {
        public JsonNode json() {
            return parse(text);
        }
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    public static Answer get(String url, String... headers) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    public static Answer post(String url, Object body, String... headers) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))),
                headers);
    }

    public static Answer method(String method, String url, String... headers) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()),
                headers);
    }

    private static Answer send(HttpRequest.Builder request, String... headers) throws IOException {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
