package io.galileosync.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * People's sessions ({@code access_sessions}): a fresh random token per login, kept only as its hash, valid
 * until logout, expiry, or a change of the team secret (which ends every session).
 */
@Component
class Sessions {

    private final JdbcClient jdbc;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    Sessions(JdbcClient jdbc, AccessProperties properties, TeamSecret secret) {
        this.jdbc = jdbc;
        this.lifetime = properties.sessionLifetime();
        secret.onChange(this::endAll);
    }

    /** A new session; answers its token (for the cookie). */
    String open(String remote) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = System.currentTimeMillis();
        jdbc.sql("delete from access_sessions where expires_at < ?").param(now).update();
        jdbc.sql("insert into access_sessions (token_hash, created_at, expires_at, remote) values (?, ?, ?, ?)")
                .params(hash(token), now, now + lifetime.toMillis(), remote).update();
        return token;
    }

    boolean valid(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return false;
        }
        return jdbc.sql("select count(*) from access_sessions where token_hash = ? and expires_at >= ?")
                .params(hash(token), System.currentTimeMillis()).query(Long.class).single() > 0;
    }

    void close(String token) {
        if (token != null && token.length() <= 128) {
            jdbc.sql("delete from access_sessions where token_hash = ?").param(hash(token)).update();
        }
    }

    Duration lifetime() {
        return lifetime;
    }

    private void endAll() {
        jdbc.sql("delete from access_sessions").update();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
