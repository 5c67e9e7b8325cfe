package io.galileosync.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A headless node (a gateway, a container) has no screen to show its pairing code, and any other device's
 * browser asks for that code: so the code is printed once, at the start that created it, with the command that
 * shows it again on the device itself (loopback needs no login). It is not printed at later starts.
 */
@Component
class PairingCodeNotice {

    private static final Logger log = LoggerFactory.getLogger(PairingCodeNotice.class);

    private final TeamSecret secret;

    PairingCodeNotice(TeamSecret secret) {
        this.secret = secret;
    }

    @EventListener
    void printOnce(WebServerInitializedEvent event) {
        if (!secret.createdNow() || event.getApplicationContext().getParent() != null) {
            return;
        }
        String status = "http://localhost:" + event.getWebServer().getPort() + "/api/peer/status";
        log.info("""
                This node's team has a new pairing code: {}
                  Other devices join with it on their page ("Join a team"), or start with GALILEO_SYNC_SECRET=<code>.
                  It is printed only this once. To see it again on this device: curl -s {} (field "pairingCode");
                  in Docker: docker exec <container> curl -s {}""", secret.pairingCode(), status, status);
    }
}
