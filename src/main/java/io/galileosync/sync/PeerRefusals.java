package io.galileosync.sync;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * Refusals of the peer endpoints are signed like every other answer, so a peer can tell them from a forgery;
 * ahead of the general problem-details advice, which would answer them unsigned.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {PeerController.class, PeerLogController.class})
class PeerRefusals {

    private final PeerAnswers answers;

    PeerRefusals(PeerAnswers answers) {
        this.answers = answers;
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<byte[]> refused(HttpServletRequest request, ResponseStatusException e) {
        return answers.problem(request, e.getStatusCode(), e.getReason());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<byte[]> invalid(HttpServletRequest request, IllegalArgumentException e) {
        return answers.problem(request, HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
