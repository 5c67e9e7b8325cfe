package io.galileosync.sync;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A peer's address as people type or scan it, in the one form a known peer is stored under. */
final class PeerUrls {

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");
    private static final Pattern PORT = Pattern.compile(":([^:\\]]*)$");

    private PeerUrls() {
    }

    /**
     * {@code host:port}, a URL with a path, or a scanned {@code URL#code=...} → {@code http://host:port}.
     *
     * @throws ResponseStatusException 400, saying what is wrong with it, for anything that is no peer address
     */
    static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid("give the peer as {\"url\": \"http://host:port\"}");
        }
        String url = raw.trim();
        int hash = url.indexOf('#');
        if (hash >= 0) {
            url = url.substring(0, hash);
        }
        if (url.chars().anyMatch(Character::isWhitespace)) {
            throw invalid("a peer URL has no spaces: '" + raw + "'");
        }
        Matcher scheme = SCHEME.matcher(url);
        if (!scheme.find()) {
            url = "http://" + url;
        } else if (!scheme.group(1).equalsIgnoreCase("http") && !scheme.group(1).equalsIgnoreCase("https")) {
            throw invalid("a peer URL starts with http:// or https://, not " + scheme.group(1) + "://: '" + raw + "'");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("not a valid peer URL: '" + raw + "' (" + e.getReason() + " at character " + e.getIndex()
                    + ")");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty() || authority.startsWith(":")) {
            throw invalid("no host name or address in '" + raw + "'");
        }
        if (uri.getRawUserInfo() != null || authority.contains("@")) {
            throw invalid("a peer URL carries no user name or password: '" + raw + "'");
        }
        Matcher port = PORT.matcher(authority);
        if (port.find() && !validPort(port.group(1))) {
            throw invalid("'" + port.group(1) + "' is not a port (1 to 65535) in '" + raw + "'");
        }
        if (uri.getHost() == null) {
            throw invalid("'" + authority + "' is not a host name or address (in '" + raw + "')");
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + authority.toLowerCase(Locale.ROOT);
    }

    private static boolean validPort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535;
    }

    private static ResponseStatusException invalid(String why) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, why);
    }
}
