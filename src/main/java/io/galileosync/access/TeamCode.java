package io.galileosync.access;

import org.springframework.stereotype.Component;

/**
 * The team's pairing code as a login for people on other devices: checks a typed code and derives the
 * session token a browser keeps. The token is a signature made with the code, so changing the team secret
 * ends every session.
 */
@Component
class TeamCode {

    private final TeamSecret secret;

    TeamCode(TeamSecret secret) {
        this.secret = secret;
    }

    /** Constant-time check of a code typed by a person or sent by a script. */
    boolean matches(String code) {
        return code != null && TeamSecret.sameText(secret.pairingCode(), code.trim());
    }

    String sessionToken() {
        return secret.sign("SESSION\n/api\nui");
    }

    boolean isSessionToken(String token) {
        return TeamSecret.sameText(sessionToken(), token);
    }
}
