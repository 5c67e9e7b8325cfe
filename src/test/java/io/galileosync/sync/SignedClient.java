package io.galileosync.sync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A peer request signed by hand, as the wire format says ({@link PeerSignature}): what a team member's device
 * could send, whatever the node's own client would. A null secret sends no signature.
 */
public final class SignedClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedClient() {
    }

    public static HttpRequest request(String baseUrl, String method, String path, byte[] body, String secret,
                                      Long timestamp) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Encoding", "gzip").header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            String ts = Long.toString(timestamp == null ? System.currentTimeMillis() : timestamp);
            String nonce = UUID.randomUUID().toString().replace("-", "");
            try {
                String canonical = String.join("\n", method, path, "test-node", ts, nonce,
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                builder.header(PeerSignature.NODE, "test-node").header(PeerSignature.TIMESTAMP, ts)
                        .header(PeerSignature.NONCE, nonce).header(PeerSignature.SIGNATURE, Base64.getUrlEncoder()
                                .withoutPadding().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8))));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return builder.build();
    }

    /** Sends a gzip-compressed JSON body; answers the status and the (gunzipped) body as text. */
    public static Answer post(String baseUrl, String path, String json, String secret) throws IOException {
        return send(request(baseUrl, "POST", path, gzip(json.getBytes(StandardCharsets.UTF_8)), secret, null));
    }

    public static Answer send(HttpRequest request) throws IOException {
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            if (response.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent()) {
                body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            return new Answer(response.statusCode(), new String(body, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** An answer's status and text. */
    public record Answer(int status, String text) {
    }

    public static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        }
        return out.toByteArray();
    }
}
