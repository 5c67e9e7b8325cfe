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
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the people's API on a LAN. The device's own browser and scripts (loopback) pass; another device
 * must prove it knows the team's pairing code, by the session cookie that {@code POST /api/session} sets or
 * by {@code Authorization: Bearer <code>}. Peers never come here: {@code /peer/**} has its own signatures.
 * The page and its assets stay public (they hold no data), so a phone on the LAN can open it and log in;
 * so does {@code /actuator/health}, for monitoring.
 */
@Component
class ManagementAccessFilter extends OncePerRequestFilter {

    static final String COOKIE = "GALILEO_SESSION";
    static final String LOGIN_REQUIRED = "urn:galileo-sync:login-required";

    private final AccessProperties api;
    private final TeamCode team;

    ManagementAccessFilter(AccessProperties api, TeamCode team) {
        this.api = api;
        this.team = team;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean guarded = path.startsWith("/api/")
                || (path.startsWith("/actuator") && !path.startsWith("/actuator/health"));
        return !guarded || path.equals(SessionController.PATH) || api.lanAccess() == LanAccess.OPEN;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ((api.loopbackTrusted() && isLoopback(request.getRemoteAddr())) || hasProof(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setCharacterEncoding("UTF-8");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"galileo-sync\"");
        response.getWriter().write("""
                {"type":"%s","title":"Login required","status":401,\
                "detail":"This device's API needs the team's pairing code: log in on the page, or send \
                Authorization: Bearer <pairing code>.","instance":"%s"}""".formatted(LOGIN_REQUIRED,
                request.getRequestURI().replace("\"", "")));
    }

    private boolean hasProof(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && team.matches(authorization.substring(7))) {
            return true;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName()) && team.isSessionToken(cookie.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress(); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
