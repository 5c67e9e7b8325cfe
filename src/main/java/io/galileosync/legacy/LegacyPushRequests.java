package io.galileosync.legacy;

import io.galileosync.sync.UnsignedPeerRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the peer API's signature check which requests are the original app's unsigned push: a {@code POST
 * /peer/sync} without our signature or compression whose body has the old export's shape. Let through only
 * while {@code galileo.sync.legacy-push-enabled} is on; refused (403, saying how to turn it on) otherwise.
 * Its client's first call, an unsigned {@code GET /peer/status}, is let through only while it is on (else it
 * stays the 401 of any unsigned peer request).
 */
@Component
class LegacyPushRequests implements UnsignedPeerRequest {

    static final String PATH = "/peer/sync";
    static final String STATUS = "/peer/status";
    /** The sync module's request signature header: a request with it is one of our nodes'. */
    static final String SIGNATURE = "X-Galileo-Signature";
    static final String DISABLED = "legacy push (the original app's unsigned POST /peer/sync) is disabled;"
            + " to accept old nodes during a migration, set galileo.sync.legacy-push-enabled=true"
            + " (env GALILEO_SYNC_LEGACY_PUSH_ENABLED=true) and restart";

    private static final Logger log = LoggerFactory.getLogger(LegacyPushRequests.class);

    private final boolean enabled;

    LegacyPushRequests(LegacyProperties properties) {
        this.enabled = properties.legacyPushEnabled();
        if (enabled) {
            log.warn("legacy push is ENABLED: POST {} accepts the original app's unsigned, unauthenticated"
                    + " pushes from anyone on the network; turn galileo.sync.legacy-push-enabled off after"
                    + " the migration", PATH);
        }
    }

    @Override
    public boolean mayMatch(HttpServletRequest request) {
        return isPush(request) || enabled && isStatus(request);
    }

    private static boolean isPush(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && (request.getContextPath() + PATH).equals(request.getRequestURI())
                && request.getHeader("Content-Encoding") == null;
    }

    private static boolean isStatus(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && (request.getContextPath() + STATUS).equals(request.getRequestURI());
    }

    @Override
    public boolean matches(HttpServletRequest request, byte[] body) {
        if (enabled && isStatus(request)) {
            return body.length == 0;
        }
        if (!isPush(request)) {
            return false;
        }
        try {
            return ImportFormat.of(() -> new ByteArrayInputStream(body)) == ImportFormat.ORIGINAL_APP_EXPORT;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String refusal() {
        return enabled ? null : DISABLED;
    }
}
