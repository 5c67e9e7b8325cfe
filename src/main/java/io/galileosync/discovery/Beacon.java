package io.galileosync.discovery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The beacon datagram: a small JSON object
 * {@code {"v":1,"nodeId":…,"name":…,"api":…,"httpPort":…,"version":…,"sig":…}}, at most
 * {@value #MAX_BYTES} bytes. {@code sig} (present when the team secret is configured) is a truncated
 * HMAC-SHA256 over the other fields, so a node with another secret is not listed as a peer.
 */
record Beacon(int v, String nodeId, String name, String api, int httpPort, String version, String sig) {

    static final int MAX_BYTES = 1024;
    static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    static Beacon of(String nodeId, String name, String api, int httpPort, String version, byte[] secret) {
        Beacon unsigned = new Beacon(VERSION, nodeId, truncate(name, 100), api, httpPort, truncate(version, 40), null);
        return secret == null ? unsigned : unsigned.withSig(unsigned.signature(secret));
    }

    private Beacon withSig(String signature) {
        return new Beacon(v, nodeId, name, api, httpPort, version, signature);
    }

    byte[] encode() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("v", v);
        fields.put("nodeId", nodeId);
        fields.put("name", name);
        fields.put("api", api);
        fields.put("httpPort", httpPort);
        fields.put("version", version);
        if (sig != null) {
            fields.put("sig", sig);
        }
        byte[] bytes = JSON.writeValueAsBytes(fields);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalStateException("beacon over " + MAX_BYTES + " bytes");
        }
        return bytes;
    }

    /** Parses and validates a datagram; throws {@link IllegalArgumentException} when it is not a valid beacon. */
    static Beacon decode(byte[] bytes, int length) {
        Beacon beacon;
        try {
            beacon = JSON.readValue(bytes, 0, length, Beacon.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a beacon: " + e.getOriginalMessage());
        }
        if (beacon == null || beacon.v() != VERSION) {
            throw new IllegalArgumentException("unknown beacon version");
        }
        if (beacon.nodeId() == null || beacon.nodeId().isBlank() || beacon.nodeId().length() > 64) {
            throw new IllegalArgumentException("bad nodeId");
        }
        if (beacon.httpPort() < 1 || beacon.httpPort() > 65535) {
            throw new IllegalArgumentException("bad httpPort");
        }
        if (beacon.api() != null && !beacon.api().isEmpty()) {
            try {
                URI uri = URI.create(beacon.api());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("bad api URL");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad api URL");
            }
        }
        return beacon;
    }

    boolean verify(byte[] secret) {
        if (secret == null) {
            return true;
        }
        if (sig == null) {
            return false;
        }
        return MessageDigest.isEqual(signature(secret).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(byte[] secret) {
        String canonical = String.join("\n", "galileo-beacon/" + v, nodeId, String.valueOf(name),
                String.valueOf(api), Integer.toString(httpPort), String.valueOf(version));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] full = mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
