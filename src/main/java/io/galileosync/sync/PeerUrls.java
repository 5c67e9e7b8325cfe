package io.galileosync.sync;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A peer's address as people type or scan it, in the one form a known peer is stored under. */
final class PeerUrls {

    private PeerUrls() {
    }

    /** {@code host:port}, a URL with a path, or a scanned {@code URL#code=...} → {@code http://host:port}. */
    static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give the peer as {\"url\": \"http://host:port\"}");
        }
        String url = raw.trim();
        int hash = url.indexOf('#');
        if (hash >= 0) {
            url = url.substring(0, hash);
        }
        if (!url.matches("(?i)^https?://.*")) {
            url = "http://" + url;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a valid peer URL: " + raw);
        }
    }
}
