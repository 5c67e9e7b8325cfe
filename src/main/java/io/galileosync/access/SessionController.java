package io.galileosync.access;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Log in to this device's API from another device with the team's pairing code: a fresh session per login
 * (an HttpOnly, SameSite=Strict cookie, Secure over HTTPS) that ends at logout. Wrong codes slow the source
 * down ({@link LoginThrottle}).
 */
@RestController
@Tag(name = "Session")
class SessionController {

    static final String PATH = "/api/session";

    private final TeamSecret secret;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    SessionController(TeamSecret secret, Sessions sessions, LoginThrottle throttle) {
        this.secret = secret;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    record Login(String code) {
    }

    @PostMapping(PATH)
    @Operation(operationId = "logIn", summary = "Log in with the team's pairing code; sets an HttpOnly session cookie")
    @SecurityRequirements // logging in needs no login
    @ApiResponse(responseCode = "200", description = "Logged in: the session cookie is set")
    @ApiResponse(responseCode = "401", description = "That is not this team's pairing code")
    @ApiResponse(responseCode = "429",
            description = "Too many wrong codes from this device: Retry-After says when to try again")
    ResponseEntity<Map<String, Object>> login(@RequestBody(required = false) Login login, HttpServletRequest request) {
        String source = request.getRemoteAddr();
        long wait = throttle.waitMs(source);
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999) / 1000);
            throw new TooManyTries(seconds);
        }
        if (login == null || !secret.matches(login.code())) {
            throttle.failed(source);
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "That is not this team's pairing code.");
        }
        throttle.succeeded(source);
        String token = sessions.open(source);
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie(token, sessions.lifetime(), request.isSecure()))
                .body(Map.of("loggedIn", true));
    }

    @DeleteMapping(PATH)
    @Operation(operationId = "logOut", summary = "Log out: ends this session and clears its cookie")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        sessions.close(TeamAuthenticationFilter.sessionToken(request));
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO, request.isSecure()))
                .build();
    }

    private static String cookie(String value, Duration maxAge, boolean secure) {
        return ResponseCookie.from(TeamAuthenticationFilter.COOKIE, value).httpOnly(true).sameSite("Strict")
                .secure(secure).path("/").maxAge(maxAge).build().toString();
    }

    /** 429 with Retry-After. */
    static final class TooManyTries extends ResponseStatusException {
        private final HttpHeaders headers = new HttpHeaders();

        TooManyTries(long seconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, "Too many wrong pairing codes from this device: try again in "
                    + seconds + " s.");
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }
    }
}
