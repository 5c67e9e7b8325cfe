package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Signed, gzip-compressed calls to another node's {@code /peer/**} API. An answer counts only when it is
 * signed with the team secret for the request it answers, and it is read at most {@code maxBodyBytes} deep
 * (compressed and inflated). Counts the bytes on the wire (compressed, as sent and received) into a
 * {@link SyncTally}.
 */
@Component
class PeerClient {

    private static final Logger log = LoggerFactory.getLogger(PeerClient.class);

    private final HttpClient http;
    private final PeerSignature signature;
    private final NodeIdentity node;
    /** How a peer that accepted the connection but never answered is reported (before the seconds waited). */
    static final String NO_ANSWER = "it accepted the connection but did not answer within ";

    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final Duration probeTimeout;
    private final int maxAnswer;
    private final Environment environment;
    private final SecureRandom random = new SecureRandom();

    PeerClient(PeerSignature signature, NodeIdentity node, SyncProperties settings, Environment environment) {
        this.signature = signature;
        this.node = node;
        this.requestTimeout = settings.requestTimeout();
        this.probeTimeout = settings.probeTimeout();
        this.connectTimeout = settings.connectTimeout();
        this.maxAnswer = settings.maxBodyBytes();
        this.environment = environment;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    PeerWire.PeerStatus status(String baseUrl, SyncTally traffic) {
        return call(baseUrl, "GET", "/peer/status?" + InboundSyncs.SYNCING, null, traffic,
                json(PeerWire.PeerStatus.class), signature, requestTimeout);
    }

    /** The signed status with the short {@code probeTimeout}: is the peer there, and of this team? */
    PeerWire.PeerStatus probe(String baseUrl) {
        return probe(baseUrl, signature);
    }

    /**
     * The signed status with the short {@code probeTimeout}, signed with {@code as} (this team's signature, or
     * a code the node is asked about).
     */
    PeerWire.PeerStatus probe(String baseUrl, PeerSignature as) {
        return call(baseUrl, "GET", "/peer/status", null, new SyncTally(), json(PeerWire.PeerStatus.class), as,
                probeTimeout);
    }

    Duration probeTimeout() {
        return probeTimeout;
    }

    /** A batch, in the compact form (the JSON one from a node that has no compact form). */
    PeerWire.Batch pull(String baseUrl, Map<String, Long> vector, SyncTally traffic) {
        return call(baseUrl, "GET", "/peer/export?since=" + PeerWire.encodeVector(vector), null, traffic,
                (type, body) -> type != null && type.startsWith(BatchCodec.MEDIA_TYPE) ? BatchCodec.decode(body)
                        : PeerWire.JSON.readValue(body, PeerWire.Batch.class), signature, requestTimeout);
    }

    PeerWire.KeptDigest digest(String baseUrl, PeerWire.DigestRequest kept, SyncTally traffic) {
        return call(baseUrl, "POST", "/peer/digest", Body.json(kept), traffic, json(PeerWire.KeptDigest.class), signature,
                requestTimeout);
    }

    /** @param compact the peer takes the compact form ({@link PeerWire.PeerStatus#takesCompactBatches}) */
    MergeResult push(String baseUrl, PeerWire.Batch batch, boolean compact, SyncTally traffic) {
        return call(baseUrl, "POST", "/peer/import", compact ? new Body(BatchCodec.MEDIA_TYPE,
                BatchCodec.encode(batch)) : Body.json(batch), traffic, json(MergeResult.class), signature,
                requestTimeout);
    }

    LogWire.Batch pullLog(String baseUrl, String log, Map<String, Long> vector, SyncTally traffic) {
        return call(baseUrl, "GET", "/peer/logs/" + log + "?since=" + PeerWire.encodeVector(vector), null, traffic,
                json(LogWire.Batch.class), signature, requestTimeout);
    }

    LogMerge pushLog(String baseUrl, String log, LogWire.Push entries, SyncTally traffic) {
        return call(baseUrl, "POST", "/peer/logs/" + log, Body.json(entries), traffic, json(LogMerge.class),
                signature, requestTimeout);
    }

    /** A request body as plain bytes and their media type (sent gzip-compressed). */
    record Body(String type, byte[] plain) {
        static Body json(Object value) {
            return new Body("application/json", PeerWire.JSON.writeValueAsBytes(value));
        }
    }

    /** Reads an answer's (decoded) body of the given media type. */
    @FunctionalInterface
    private interface Answer<T> {
        T read(String type, byte[] body);
    }

    private static <T> Answer<T> json(Class<T> type) {
        return (mediaType, body) -> PeerWire.JSON.readValue(body, type);
    }

    private <T> T call(String baseUrl, String method, String target, Body body, SyncTally traffic, Answer<T> type,
                       PeerSignature signature, Duration timeout) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri;
        try {
            uri = URI.create(base + target);
        } catch (IllegalArgumentException e) {
            throw new PeerException(baseUrl, "is not a valid URL: " + e.getMessage(), 0);
        }
        byte[] sent = body == null ? new byte[0] : PeerWire.gzip(body.plain());
        String timestamp = Long.toString(System.currentTimeMillis());
        byte[] nonceBytes = new byte[16];
        random.nextBytes(nonceBytes);
        String nonce = HexFormat.of().formatHex(nonceBytes);
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw new PeerException(baseUrl, "is not a valid URL: " + e.getMessage(), 0);
        }
        senderHints(request).timeout(timeout)
                .header("Accept", BatchCodec.MEDIA_TYPE + ", application/json;q=0.5")
                .header("Accept-Encoding", PeerWire.GZIP)
                .header(PeerSignature.NODE, node.nodeId())
                .header(PeerSignature.TIMESTAMP, timestamp)
                .header(PeerSignature.NONCE, nonce)
                .header(PeerSignature.SIGNATURE,
                        signature.sign(method, pathAndQuery, node.nodeId(), timestamp, nonce, sent));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", body.type()).header("Content-Encoding", PeerWire.GZIP)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(sent));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new PeerException(baseUrl, "is unreachable: no answer to the connection within "
                    + Math.min(timeout.toSeconds(), connectTimeout.toSeconds()) + " s", 0);
        } catch (HttpTimeoutException e) {
            throw new PeerException(baseUrl, "is unreachable: " + NO_ANSWER + timeout.toSeconds() + " s", 0);
        } catch (IOException e) {
            throw new PeerException(baseUrl, "is unreachable: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(baseUrl, "sync interrupted", 0);
        }
        int status = response.statusCode();
        byte[] raw;
        byte[] answer;
        try (InputStream in = response.body()) {
            raw = PeerWire.readAtMost(in, maxAnswer);
            answer = response.headers().firstValue("Content-Encoding").filter(PeerWire.GZIP::equalsIgnoreCase)
                    .isPresent() ? PeerWire.gunzip(raw, maxAnswer) : raw;
        } catch (IOException | PeerWire.TooLargeException e) {
            throw new PeerException(baseUrl, "sent a corrupt or oversized answer: " + e.getMessage(), status);
        }
        traffic.bytesOut.addAndGet(sent.length + target.length());
        traffic.bytesIn.addAndGet(raw.length);
        traffic.requests.incrementAndGet();
        String proof = response.headers().firstValue(PeerSignature.ANSWER).orElse(null);
        if (!PeerSignature.matches(signature.signAnswer(nonce, status, answer), proof)) {
            if (signature == this.signature) {
                log.warn("peer {} answered {} {} without this team's signature (HTTP {}): nothing of it is used",
                        baseUrl, method, uri.getRawPath(), status);
            }
            throw new PeerException(baseUrl, "answered without this team's signature (HTTP " + status + "): a node"
                    + " of another team, or something else at that address", status, true);
        }
        if (status != 200) {
            String text = new String(answer, 0, Math.min(answer.length, 500), StandardCharsets.UTF_8);
            throw new PeerException(baseUrl, "refused " + method + " " + uri.getRawPath() + " with "
                    + status + ": " + text, status);
        }
        try {
            return type.read(response.headers().firstValue("Content-Type").orElse(null), answer);
        } catch (JacksonException e) {
            throw new PeerException(baseUrl, "sent an unreadable answer: " + e.getOriginalMessage(), status);
        } catch (IllegalArgumentException e) {
            throw new PeerException(baseUrl, "sent an unreadable answer: " + e.getMessage(), status);
        }
    }

    /**
     * Who is asking, for the receiving node's log and peer list ({@link InboundSyncs}): this node's name and HTTP
     * port. Hints only (not signed): the node id that counts is the signed one.
     */
    private HttpRequest.Builder senderHints(HttpRequest.Builder request) {
        request.header(InboundSyncs.NAME, URLEncoder.encode(node.name(), StandardCharsets.UTF_8));
        String port = environment.getProperty("local.server.port");
        if (port != null) {
            request.header(InboundSyncs.PORT, port);
        }
        return request;
    }

    /** A peer that could not be reached, refused, or answered nonsense; the message names the peer. */
    static final class PeerException extends RuntimeException {
        private final int status;
        private final boolean unproven;

        PeerException(String url, String message, int status) {
            this(url, message, status, false);
        }

        PeerException(String url, String message, int status, boolean unproven) {
            super("peer " + url + " " + message);
            this.status = status;
            this.unproven = unproven;
        }

        /** The peer's HTTP status, 0 when it never answered. */
        int status() {
            return status;
        }

        /** It answered, but not with this team's signature: nothing it said can be believed. */
        boolean unproven() {
            return unproven;
        }
    }
}
