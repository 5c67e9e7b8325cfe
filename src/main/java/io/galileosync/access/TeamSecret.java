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

    private static final String KEY = "secret";

    private final JdbcClient jdbc;
    private final boolean configured;
    private final boolean createdNow;
    private volatile String pairingCode;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    TeamSecret(JdbcClient jdbc, TeamSecretProperties properties) {
        this.jdbc = jdbc;
        String given = properties.secret();
        this.configured = given != null && !given.isBlank();
        // a stored code stays exactly as it was stored: it is the key of every signature the team makes
        String stored = configured ? null : jdbc.sql("select setting_value from access_settings where setting_key = ?")
                .param(KEY).query(String.class).optional().orElse(null);
        this.createdNow = !configured && stored == null;
        if (configured) {
            this.pairingCode = PairingCode.configured(given);
        } else if (stored != null) {
            this.pairingCode = stored;
        } else {
            this.pairingCode = PairingCode.generate(new SecureRandom());
            store(pairingCode);
        }
    }

    /** The code was made at this start (a new data folder): {@link PairingCodeNotice} prints it once. */
    boolean createdNow() {
        return createdNow;
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
    public synchronized void pair(PairingCode.Reading code) {
        if (configured) {
            throw new IllegalStateException("the team secret is set by galileo.sync.secret");
        }
        if (code.refused()) {
            throw new IllegalArgumentException(code.problem());
        }
        store(code.code());
        this.pairingCode = code.code();
        listeners.forEach(Runnable::run);
    }

    /** Told when this node joins another team (its secret changes). */
    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Constant-time check of a code typed by a person or sent by a script: as given, or read as a pairing code
     * (case, spaces, dashes and look-alikes do not matter for a code of a generated shape).
     */
    boolean matches(String code) {
        if (code == null) {
            return false;
        }
        if (sameText(pairingCode, code.trim())) {
            return true;
        }
        PairingCode.Reading reading = PairingCode.read(code);
        return reading.shape() != PairingCode.Shape.PASSPHRASE && !reading.refused()
                && sameText(pairingCode, reading.code());
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
        return signWith(pairingCode, text);
    }

    /** The same signature made with another code (to ask whether a node uses it before joining its team). */
    public static String signWith(String code, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(code.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
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
