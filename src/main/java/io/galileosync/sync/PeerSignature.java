package io.galileosync.sync;

import io.galileosync.access.TeamSecret;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signatures made with the team secret. A request: base64url(HMAC-SHA256(secret, method \n path?query \n node
 * \n timestamp \n nonce \n hex(SHA-256(body bytes as sent)))) — so path, query, time, sender and body are all
 * covered. An answer: base64url(HMAC-SHA256(secret, "ANSWER" \n the request's nonce \n status \n
 * hex(SHA-256(body, decoded)))), in {@value #ANSWER} (or a trailer of that name for a streamed answer) — bound to
 * its request, so a node without the secret can neither make one up nor replay another.
 */
@Component
class PeerSignature {

    static final String NODE = "X-Galileo-Node";
    static final String TIMESTAMP = "X-Galileo-Timestamp";
    static final String NONCE = "X-Galileo-Nonce";
    static final String SIGNATURE = "X-Galileo-Signature";
    static final String ANSWER = "X-Galileo-Answer-Signature";

    /** text → its signature with the team secret (or with a code a node is asked about). */
    private final UnaryOperator<String> signer;

    @Autowired
    PeerSignature(TeamSecret secret) {
        this.signer = secret::sign;
    }

    private PeerSignature(UnaryOperator<String> signer) {
        this.signer = signer;
    }

    /** Signatures with another code than this node's: to ask nodes whether they use it, before joining its team. */
    static PeerSignature withCode(String code) {
        return new PeerSignature(text -> TeamSecret.signWith(code, text));
    }

    String sign(String method, String pathAndQuery, String node, String timestamp, String nonce, byte[] body) {
        return signer.apply(String.join("\n", method, pathAndQuery, node, timestamp, nonce, sha256Hex(body)));
    }

    /** @param plain the answer's body as the client reads it (after any content encoding is undone) */
    String signAnswer(String nonce, int status, byte[] plain) {
        return signAnswerDigest(nonce, status, sha256Hex(plain));
    }

    /** @param bodySha256Hex hex SHA-256 of the decoded body (for a body streamed through a digest) */
    String signAnswerDigest(String nonce, int status, String bodySha256Hex) {
        return signer.apply(String.join("\n", "ANSWER", nonce, Integer.toString(status), bodySha256Hex));
    }

    /** Constant-time comparison, so timing does not leak how much of a forged signature was right. */
    static boolean matches(String expected, String given) {
        return TeamSecret.sameText(expected, given);
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
