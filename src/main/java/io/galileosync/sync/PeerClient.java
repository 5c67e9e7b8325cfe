package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
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
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Signed, gzip-compressed calls to another node's {@code /peer/**} API. Counts the bytes on the wire
 * (compressed, as sent and received) into a {@link SyncTally}.
 */
@Component
class PeerClient {

    private final HttpClient http;
    private final PeerSignature signature;
    private final NodeIdentity node;
    private final Duration requestTimeout;
    private final SecureRandom random = new SecureRandom();

    PeerClient(PeerSignature signature, NodeIdentity node, SyncProperties settings) {
        this.signature = signature;
        this.node = node;
        this.requestTimeout = settings.requestTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    PeerWire.PeerStatus status(String baseUrl, SyncTally traffic) {
        return call(baseUrl, "GET", "/peer/status", null, traffic, PeerWire.PeerStatus.class);
    }

    PeerWire.Batch pull(String baseUrl, Map<String, Long> vector, SyncTally traffic) {
        return call(baseUrl, "GET", "/peer/export?since=" + PeerWire.encodeVector(vector), null, traffic,
                PeerWire.Batch.class);
    }

    PeerWire.DigestAnswer digest(String baseUrl, SyncTally traffic) {
        return call(baseUrl, "GET", "/peer/digest", null, traffic, PeerWire.DigestAnswer.class);
    }

    MergeResult push(String baseUrl, PeerWire.Batch batch, SyncTally traffic) {
        return call(baseUrl, "POST", "/peer/import", batch, traffic, MergeResult.class);
    }

    LogWire.Batch pullLog(String baseUrl, String log, Map<String, Long> vector, SyncTally traffic) {
        return call(baseUrl, "GET", "/peer/logs/" + log + "?since=" + PeerWire.encodeVector(vector), null, traffic,
                LogWire.Batch.class);
    }

    LogMerge pushLog(String baseUrl, String log, LogWire.Push entries, SyncTally traffic) {
        return call(baseUrl, "POST", "/peer/logs/" + log, entries, traffic, LogMerge.class);
    }

    private <T> T call(String baseUrl, String method, String target, Object body, SyncTally traffic, Class<T> type) {
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
                .header(PeerSignature.NODE, node.nodeId())
                .header(PeerSignature.TIMESTAMP, timestamp)
                .header(PeerSignature.NONCE, nonce)
                .header(PeerSignature.SIGNATURE,
                        signature.sign(method, pathAndQuery, node.nodeId(), timestamp, nonce, sent));
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
        traffic.bytesOut.addAndGet(sent.length + target.length());
        traffic.bytesIn.addAndGet(response.body().length);
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
