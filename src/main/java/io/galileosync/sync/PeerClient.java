package io.galileosync.sync;

import io.galileosync.config.GalileoProperties;
import io.galileosync.node.NodeIdentity;
import io.galileosync.record.RecordWriter.MergeResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Signed, gzip-compressed calls to another node's {@code /peer/**} API. Counts the bytes on the wire
 * (compressed, as sent and received) into a {@link Traffic}.
 */
@Component
class PeerClient {

    private final HttpClient http;
    private final PeerSecret secret;
    private final NodeIdentity node;
    private final Duration requestTimeout;
    private final int maxBody;
    private final SecureRandom random = new SecureRandom();

    PeerClient(PeerSecret secret, NodeIdentity node, GalileoProperties properties) {
        this.secret = secret;
        this.node = node;
        this.requestTimeout = properties.sync().requestTimeout();
        this.maxBody = properties.sync().maxBodyBytes();
        this.http = HttpClient.newBuilder().connectTimeout(properties.sync().connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    PeerWire.PeerStatus status(String baseUrl, Traffic traffic) {
        return call(baseUrl, "GET", "/peer/status", null, traffic, PeerWire.PeerStatus.class);
    }

    PeerWire.Batch pull(String baseUrl, Map<String, Long> vector, Traffic traffic) {
        return call(baseUrl, "GET", "/peer/export?since=" + PeerWire.encodeVector(vector), null, traffic,
                PeerWire.Batch.class);
    }

    PeerWire.DigestAnswer digest(String baseUrl, Traffic traffic) {
        return call(baseUrl, "GET", "/peer/digest", null, traffic, PeerWire.DigestAnswer.class);
    }

    MergeResult push(String baseUrl, PeerWire.Batch batch, Traffic traffic) {
        return call(baseUrl, "POST", "/peer/import", batch, traffic, MergeResult.class);
    }

    private <T> T call(String baseUrl, String method, String target, Object body, Traffic traffic, Class<T> type) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri;
        try {
            uri = URI.create(base + target);
        } catch (IllegalArgumentException e) {
            throw new PeerException(baseUrl, "is not a valid URL: " + e.getMessage(), 0);
        }
        byte[] sent = body == null ? new byte[0] : PeerWire.gzip(PeerWire.JSON.writeValueAsBytes(body));
        String timestamp = Long.toString(System.currentTimeMillis());
        byte[] nonceBytes = new byte[16];
        random.nextBytes(nonceBytes);
        String nonce = HexFormat.of().formatHex(nonceBytes);
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Accept-Encoding", PeerWire.GZIP)
                .header(PeerSecret.NODE, node.nodeId())
                .header(PeerSecret.TIMESTAMP, timestamp)
                .header(PeerSecret.NONCE, nonce)
                .header(PeerSecret.SIGNATURE,
                        secret.sign(method, pathAndQuery, node.nodeId(), timestamp, nonce, sent));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").header("Content-Encoding", PeerWire.GZIP)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(sent));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PeerException(baseUrl, "is unreachable: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(baseUrl, "sync interrupted", 0);
        }
        traffic.out.addAndGet(sent.length + target.length());
        traffic.in.addAndGet(response.body().length);
        byte[] answer = response.body();
        try {
            if (response.headers().firstValue("Content-Encoding").filter(PeerWire.GZIP::equalsIgnoreCase).isPresent()) {
                answer = PeerWire.gunzip(answer, Integer.MAX_VALUE - 8);
            }
        } catch (IOException | PeerWire.TooLargeException e) {
            throw new PeerException(baseUrl, "sent a corrupt body: " + e.getMessage(), response.statusCode());
        }
        if (response.statusCode() != 200) {
            String text = new String(answer, 0, Math.min(answer.length, 500), StandardCharsets.UTF_8);
            throw new PeerException(baseUrl, "refused " + method + " " + uri.getRawPath() + " with "
                    + response.statusCode() + ": " + text, response.statusCode());
        }
        try {
            return PeerWire.JSON.readValue(answer, type);
        } catch (JacksonException e) {
            throw new PeerException(baseUrl, "sent an unreadable answer: " + e.getOriginalMessage(),
                    response.statusCode());
        }
    }

    /** Bytes on the wire during one sync, both directions (bodies, and the request target). */
    static final class Traffic {
        final AtomicLong in = new AtomicLong();
        final AtomicLong out = new AtomicLong();
    }

    /** A peer that could not be reached, refused, or answered nonsense; the message names the peer. */
    static final class PeerException extends RuntimeException {
        private final int status;

        PeerException(String url, String message, int status) {
            super("peer " + url + " " + message);
            this.status = status;
        }

        /** The peer's HTTP status, 0 when it never answered. */
        int status() {
            return status;
        }
    }
}
