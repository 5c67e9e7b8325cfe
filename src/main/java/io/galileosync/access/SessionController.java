package io.galileosync.access;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/** Log in to this device's API from another device with the team's pairing code (see ManagementAccessFilter). */
@RestController
@Tag(name = "Session")
class SessionController {

    static final String PATH = "/api/session";

    private final TeamCode team;

    SessionController(TeamCode team) {
        this.team = team;
    }

    record Login(String code) {
    }

    @PostMapping(PATH)
    @Operation(summary = "Log in with the team's pairing code; sets an HttpOnly session cookie")
    ResponseEntity<Map<String, Object>> login(@RequestBody Login login) {
        if (login == null || !team.matches(login.code())) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "That is not this team's pairing code.");
        }
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie(team.sessionToken(), Duration.ofDays(30)))
                .body(Map.of("loggedIn", true));
    }

    @DeleteMapping(PATH)
    @Operation(summary = "Log out: clears the session cookie")
    ResponseEntity<Void> logout() {
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO)).build();
    }

    private static String cookie(String value, Duration maxAge) {
        return ResponseCookie.from(ManagementAccessFilter.COOKIE, value).httpOnly(true).sameSite("Strict").path("/")
                .maxAge(maxAge).build().toString();
    }
}
