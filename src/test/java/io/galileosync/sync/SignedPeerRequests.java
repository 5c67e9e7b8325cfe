package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Requests to a node's peer API signed as one team member signs them: with that member's own
 * {@link PeerSignature} and node id, a fresh nonce and the current time. Bodies go as given (plain JSON bytes, any
 * bytes at all), so a test decides exactly what the receiving node has to read.
 */
final class SignedPeerRequests {

    /** Longer than any honest answer takes, short enough that a hang fails the test instead of stalling it. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final PeerSignature secret;
    private final String nodeId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final SecureRandom random = new SecureRandom();

    SignedPeerRequests(TestNode member) {
        this.secret = member.bean(PeerSignature.class);
        this.nodeId = member.bean(NodeIdentity.class).nodeId();
    }

    HttpResponse<String> post(TestNode to, String path, byte[] body) throws IOException, InterruptedException {
        return send(to, "POST", path, body);
    }

    HttpResponse<String> get(TestNode to, String pathAndQuery) throws IOException, InterruptedException {
        return send(to, "GET", pathAndQuery, new byte[0]);
    }

    private HttpResponse<String> send(TestNode to, String method, String pathAndQuery, byte[] body)
            throws IOException, InterruptedException {
        String timestamp = Long.toString(System.currentTimeMillis());
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String nonceHex = HexFormat.of().formatHex(nonce);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.url() + pathAndQuery)).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header(PeerSignature.NODE, nodeId)
                .header(PeerSignature.TIMESTAMP, timestamp)
                .header(PeerSignature.NONCE, nonceHex)
                .header(PeerSignature.SIGNATURE, secret.sign(method, pathAndQuery, nodeId, timestamp, nonceHex, body));
        if (body.length == 0) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
