package io.galileosync.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/**
 * The team's pairing code as a login for people on other devices: checks a typed code and derives the
 * session token a browser keeps. The token is a signature made with the code, so changing the team secret
 * ends every session.
 */
@Component
public class TeamCode {

    private final PeerSecret secret;

    TeamCode(PeerSecret secret) {
        this.secret = secret;
    }

    /** Constant-time check of a code typed by a person or sent by a script. */
    public boolean matches(String code) {
        return code != null && MessageDigest.isEqual(code.trim().getBytes(StandardCharsets.UTF_8),
                secret.pairingCode().getBytes(StandardCharsets.UTF_8));
    }

    public String sessionToken() {
        return secret.sign("SESSION", "/api", "ui", "0", "0", new byte[0]);
    }

    public boolean isSessionToken(String token) {
        return token != null && secret.verify(sessionToken(), token);
    }
}
