package io.galileosync.config;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Makes every error an RFC 9457 problem detail ({@code application/problem+json}). The base class already
 * does so for Spring MVC's own exceptions and for {@code ResponseStatusException}, which the controllers
 * throw for bad parameters (400) and unknown devices (404); this adds a clearer detail for values of the
 * wrong type and a 500 problem for anything unexpected. Being a {@code ResponseEntityExceptionHandler}, it
 * replaces Spring Boot's own problem-details handler, so it applies to every controller, not just these.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : ex.getPropertyName();
        Class<?> type = ex.getRequiredType();
        String expected = type == Integer.class || type == Long.class ? "an integer"
                : "a valid " + (type == null ? "value" : type.getSimpleName());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status,
                "%s must be %s, got '%s'".formatted(name, expected, ex.getValue()));
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @ExceptionHandler
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request, HttpServletResponse response)
            throws Exception {
        if (response.isCommitted()) {
            // A streamed export failed half-way: rethrown, the container aborts the connection, so the client
            // sees a broken download instead of a cleanly ended, silently truncated one.
            throw ex;
        }
        logger.error("Request " + request.getDescription(false) + " failed", ex);
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "Unexpected error; the server log has details");
        return handleExceptionInternal(ex, body, new HttpHeaders(), status, request);
    }
}
