package io.galileosync.access;

import io.galileosync.access.AccessProperties.LanAccess;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who is asking, for Spring Security's authorization rules (deny by default, see {@link AccessSecurity}):
 * the device's own user (loopback, when trusted and the request names this device), a script with the pairing
 * code as bearer token, or a browser with a session cookie from {@code POST /api/session}. Anyone else stays
 * anonymous. Wrong bearer codes count against the source like wrong logins.
 */
class TeamAuthenticationFilter extends OncePerRequestFilter {

    static final String COOKIE = "GALILEO_SESSION";

    private final AccessProperties properties;
    private final TeamSecret secret;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final LocalNames names;

    TeamAuthenticationFilter(AccessProperties properties, TeamSecret secret, Sessions sessions,
                             LoginThrottle throttle, LocalNames names) {
        this.properties = properties;
        this.secret = secret;
        this.sessions = sessions;
        this.throttle = throttle;
        this.names = names;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String who = who(request);
        if (who != null) {
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    who, null, AuthorityUtils.createAuthorityList("ROLE_TEAM")));
        }
        chain.doFilter(request, response);
    }

    private String who(HttpServletRequest request) {
        if (properties.lanAccess() == LanAccess.OPEN) {
            return "anyone";
        }
        if (properties.loopbackTrusted() && isLoopback(request.getRemoteAddr()) && names.isThisDevice(host(request))) {
            return "this device";
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String source = request.getRemoteAddr();
            if (throttle.waitMs(source) == 0) {
                if (secret.matches(authorization.substring(7))) {
                    throttle.succeeded(source);
                    return "script";
                }
                throttle.failed(source);
            }
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName()) && sessions.valid(cookie.getValue())) {
                    return "browser";
                }
            }
        }
        return null;
    }

    /** The session token the request carries, or null. */
    static String sessionToken(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return cookies == null ? null : List.of(cookies).stream().filter(c -> COOKIE.equals(c.getName()))
                .map(Cookie::getValue).findFirst().orElse(null);
    }

    /** The Host header's host part, without the port. */
    static String host(HttpServletRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null) {
            return null;
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress(); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
