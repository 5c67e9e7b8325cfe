package io.galileosync.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The team's shared secret, which proves membership: peers sign their requests with it, discovery signs its
 * beacons, people on other devices log in with it. It comes from {@code galileo.sync.secret} or is created at
 * first start and kept in this module's table; it doubles as the pairing code a user types on another device.
 */
@Component
public class TeamSecret {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final String KEY = "secret";
    public static final int MAX_CODE_LENGTH = 256;

    private final JdbcClient jdbc;
    private final boolean configured;
    private volatile String pairingCode;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    TeamSecret(JdbcClient jdbc, TeamSecretProperties properties) {
        this.jdbc = jdbc;
        String given = properties.secret();
        this.configured = given != null && !given.isBlank();
        this.pairingCode = configured ? given.trim()
                : jdbc.sql("select setting_value from access_settings where setting_key = ?").param(KEY)
                        .query(String.class).optional()
                        .orElseGet(() -> {
                            String created = newPairingCode();
                            store(created);
                            return created;
                        });
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

    public String pairingCode() {
        return pairingCode;
    }

    /** The secret comes from {@code galileo.sync.secret}: pairing cannot change it. */
    public boolean configured() {
        return configured;
    }

    /**
     * Joins another device's team: its pairing code becomes this node's secret, stored with the node.
     * Peers and sessions signed with the old code are refused from now on.
     */
    public synchronized void pair(String code) {
        if (configured) {
            throw new IllegalStateException("the team secret is set by galileo.sync.secret");
        }
        String trimmed = code.trim();
        store(trimmed);
        this.pairingCode = trimmed;
        listeners.forEach(Runnable::run);
    }

    /** Told when this node joins another team (its secret changes). */
    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Constant-time check of a code typed by a person or sent by a script. */
    boolean matches(String code) {
        return code != null && sameText(pairingCode, code.trim());
    }

    private void store(String code) {
        if (jdbc.sql("update access_settings set setting_value = ? where setting_key = ?").params(code, KEY)
                .update() == 0) {
            jdbc.sql("insert into access_settings (setting_key, setting_value) values (?, ?)").params(KEY, code)
                    .update();
        }
    }

    /** The secret's bytes, the key of every signature made with it. */
    public byte[] key() {
        return pairingCode.getBytes(StandardCharsets.UTF_8);
    }

    /** base64url(HMAC-SHA256(secret, text)). */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison, so timing does not leak how much of a forged signature or code was right. */
    public static boolean sameText(String expected, String given) {
        return expected != null && given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
