package io.galileosync.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** The access module's refusals as RFC 9457 problem details, written before any controller is reached. */
final class AccessProblems {

    static final String LOGIN_REQUIRED = "urn:galileo-sync:login-required";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AccessProblems() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
                      String detail) throws IOException {
        write(request, response, status, null, title, detail);
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
                      String title, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        problem.setTitle(title);
        if (type != null) {
            problem.setType(URI.create(type));
        }
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException e) {
            // a request path that is no URI: the problem goes without an instance
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
