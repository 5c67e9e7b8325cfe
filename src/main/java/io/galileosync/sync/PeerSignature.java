package io.galileosync.sync;

import io.galileosync.access.TeamSecret;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * The signature of a peer request, made with the team secret: base64url(HMAC-SHA256(secret, method \n
 * path?query \n node \n timestamp \n nonce \n hex(SHA-256(body bytes as sent)))) — so path, query, time,
 * sender and body are all covered.
 */
@Component
class PeerSignature {

    static final String NODE = "X-Galileo-Node";
    static final String TIMESTAMP = "X-Galileo-Timestamp";
    static final String NONCE = "X-Galileo-Nonce";
    static final String SIGNATURE = "X-Galileo-Signature";

    private final TeamSecret secret;

    PeerSignature(TeamSecret secret) {
        this.secret = secret;
    }

    String sign(String method, String pathAndQuery, String node, String timestamp, String nonce, byte[] body) {
        return secret.sign(String.join("\n", method, pathAndQuery, node, timestamp, nonce, sha256Hex(body)));
    }

    /** Constant-time comparison, so timing does not leak how much of a forged signature was right. */
    static boolean matches(String expected, String given) {
        return TeamSecret.sameText(expected, given);
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
