package io.galileosync.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (403) a state-changing request that another web site made in someone's browser (CSRF): one whose
 * {@code Origin} is not this node's own address as the request names it, or that the browser marks as
 * cross-site. Scripts and peers send no {@code Origin} and pass; so does the page itself.
 */
class SameOriginFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE.contains(request.getMethod()) && crossSite(request)) {
            AccessProblems.write(request, response, HttpServletResponse.SC_FORBIDDEN, "Cross-site request refused",
                    "This request came from another web site (Origin " + request.getHeader(HttpHeaders.ORIGIN)
                            + "); only this device's own page may change its state.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean crossSite(HttpServletRequest request) {
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return true;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;
        }
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null) {
            return true;
        }
        String self = host.toLowerCase(Locale.ROOT);
        try {
            URI uri = URI.create(origin);
            if (uri.getRawAuthority() == null) {
                return true; // "null" and other opaque origins
            }
            boolean same = uri.getRawAuthority().toLowerCase(Locale.ROOT).equals(self)
                    || withDefaultPort(uri).equals(self);
            return !same;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** {@code http://host} sent as Origin while Host says {@code host:80} (and the like for https). */
    private static String withDefaultPort(URI origin) {
        int port = origin.getPort() >= 0 ? origin.getPort() : "https".equalsIgnoreCase(origin.getScheme()) ? 443 : 80;
        return (origin.getHost() == null ? "" : origin.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }
}
