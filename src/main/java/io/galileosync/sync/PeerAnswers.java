package io.galileosync.sync;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Every answer on {@code /peer/**} is signed for the request it answers ({@link PeerSignature#signAnswer}): the
 * value as JSON, signed over its plain bytes, gzip-compressed when the caller accepts it.
 */
@Component
class PeerAnswers {

    private final PeerSignature signature;

    PeerAnswers(PeerSignature signature) {
        this.signature = signature;
    }

    ResponseEntity<byte[]> json(HttpServletRequest request, Object value) {
        return answer(request, HttpStatus.OK, MediaType.APPLICATION_JSON, PeerWire.JSON.writeValueAsBytes(value));
    }

    /** A batch in the compact form when the caller accepts it ({@link BatchCodec}), else as JSON. */
    ResponseEntity<byte[]> batch(HttpServletRequest request, PeerWire.Batch batch) {
        if (acceptsCompact(request)) {
            return answer(request, HttpStatus.OK, MediaType.parseMediaType(BatchCodec.MEDIA_TYPE),
                    BatchCodec.encode(batch));
        }
        return json(request, batch);
    }

    static boolean acceptsCompact(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(BatchCodec.MEDIA_TYPE);
    }

    ResponseEntity<byte[]> problem(HttpServletRequest request, HttpStatusCode status, String detail) {
        return answer(request, status, MediaType.APPLICATION_PROBLEM_JSON,
                PeerWire.JSON.writeValueAsBytes(problemOf(request, status, detail)));
    }

    /** RFC 9457's members, and only those that have a value. */
    private static Map<String, Object> problemOf(HttpServletRequest request, HttpStatusCode status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", status.value());
        if (detail != null) {
            problem.put("detail", detail);
        }
        problem.put("instance", request.getRequestURI());
        return problem;
    }

    /** The same, written straight to the response (for refusals before any controller). */
    void writeProblem(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String detail)
            throws IOException {
        ResponseEntity<byte[]> answer = problem(request, status, detail);
        response.setStatus(status.value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.getOutputStream().write(answer.getBody());
    }

    private ResponseEntity<byte[]> answer(HttpServletRequest request, HttpStatusCode status, MediaType type,
                                          byte[] plain) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(type);
        String nonce = request.getHeader(PeerSignature.NONCE);
        if (nonce != null) {
            answer.header(PeerSignature.ANSWER, signature.signAnswer(nonce, status.value(), plain));
        }
        if (acceptsGzip(request)) {
            return answer.header(HttpHeaders.CONTENT_ENCODING, PeerWire.GZIP).body(PeerWire.gzip(plain));
        }
        return answer.body(plain);
    }

    static boolean acceptsGzip(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        return accept != null && accept.toLowerCase().contains(PeerWire.GZIP);
    }

}
