package io.galileosync.sync;

import io.galileosync.config.GalileoProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The team's shared secret and the request signature made with it. The secret comes from
 * {@code galileo.sync.secret} or is created at first start and stored with the node; it doubles as the
 * pairing code a user types on another device.
 *
 * <p>Signature: base64url(HMAC-SHA256(secret, method \n path?query \n node \n timestamp \n nonce \n
 * hex(SHA-256(body bytes as sent)))) — so path, query, time, sender and body are all covered.
 */
@Component
class PeerSecret implements io.galileosync.discovery.TeamSecret {

    static final String NODE = "X-Galileo-Node";
    static final String TIMESTAMP = "X-Galileo-Timestamp";
    static final String NONCE = "X-Galileo-Nonce";
    static final String SIGNATURE = "X-Galileo-Signature";

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static final int MAX_CODE_LENGTH = 256;

    private final JdbcClient jdbc;
    private final boolean configured;
    private volatile byte[] key;
    private volatile String pairingCode;

    PeerSecret(JdbcClient jdbc, GalileoProperties properties) {
        this.jdbc = jdbc;
        String configured = properties.sync().secret();
        this.configured = configured != null && !configured.isBlank();
        this.pairingCode = configured != null && !configured.isBlank() ? configured.trim()
                : jdbc.sql("select setting_value from sync_settings where setting_key = 'secret'").query(String.class).optional()
                        .orElseGet(() -> {
                            String created = newPairingCode();
                            jdbc.sql("insert into sync_settings (setting_key, setting_value) values ('secret', ?)").param(created)
                                    .update();
                            return created;
                        });
        this.key = pairingCode.getBytes(StandardCharsets.UTF_8);
    }

    /** 20 characters from an unambiguous alphabet (100 bits), grouped for reading aloud. */
    private static String newPairingCode() {
        SecureRandom random = new SecureRandom();
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    String pairingCode() {
        return pairingCode;
    }

    /** The secret comes from {@code galileo.sync.secret}: pairing cannot change it. */
    boolean configured() {
        return configured;
    }

    /**
     * Joins another device's team: its pairing code becomes this node's secret, stored with the node.
     * Peers and sessions signed with the old code are refused from now on.
     */
    synchronized void pair(String code) {
        if (configured) {
            throw new IllegalStateException("the team secret is set by galileo.sync.secret");
        }
        String trimmed = code.trim();
        if (jdbc.sql("update sync_settings set setting_value = ? where setting_key = 'secret'").param(trimmed)
                .update() == 0) {
            jdbc.sql("insert into sync_settings (setting_key, setting_value) values ('secret', ?)").param(trimmed)
                    .update();
        }
        this.key = trimmed.getBytes(StandardCharsets.UTF_8);
        this.pairingCode = trimmed;
    }

    /** For the discovery beacon's signature: the current team secret. */
    @Override
    public byte[] current() {
        return key.clone();
    }

    String sign(String method, String pathAndQuery, String node, String timestamp, String nonce, byte[] body) {
        String canonical = String.join("\n", method, pathAndQuery, node, timestamp, nonce, sha256Hex(body));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison, so timing does not leak how much of a forged signature was right. */
    boolean verify(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
