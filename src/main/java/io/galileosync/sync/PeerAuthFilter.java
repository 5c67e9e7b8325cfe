package io.galileosync.sync;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /peer/**}: 503 while this node is closed to peers; 413 for a body over the limit (by
 * Content-Length, while reading, and after gunzip); 401 unless the request carries a valid signature made
 * with the team secret, a timestamp inside the replay window and a nonce not seen in that window. Nothing
 * reaches a controller before all of that holds, so a refused request reads and changes nothing. The
 * verified, decompressed body is handed on as the request attribute {@link UnsignedPeerRequest#BODY}.
 */
class PeerAuthFilter extends OncePerRequestFilter {

    /** More remembered nonces than this (a flood inside the window) and new requests are refused. */
    private static final int MAX_NONCES = 200_000;

    private final PeerSignature signature;
    private final PeerServer server;
    private final List<UnsignedPeerRequest> unsigned;
    private final int maxBody;
    private final long windowMs;
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();

    PeerAuthFilter(PeerSignature signature, PeerServer server, List<UnsignedPeerRequest> unsigned,
                   SyncProperties settings) {
        this.signature = signature;
        this.server = server;
        this.unsigned = List.copyOf(unsigned);
        this.maxBody = settings.maxBodyBytes();
        this.windowMs = settings.replayWindow().toMillis();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!server.isOpen()) {
            problem(request, response, HttpStatus.SERVICE_UNAVAILABLE, "this node is closed to peers");
            return;
        }
        if (request.getContentLengthLong() > maxBody) {
            problem(request, response, HttpStatus.CONTENT_TOO_LARGE, "body larger than " + maxBody + " bytes");
            return;
        }
        byte[] raw;
        try {
            raw = PeerWire.readAtMost(request.getInputStream(), maxBody);
        } catch (PeerWire.TooLargeException e) {
            problem(request, response, HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
            return;
        }
        if (request.getHeader(PeerSignature.SIGNATURE) == null) {
            for (UnsignedPeerRequest kind : unsigned) {
                if (kind.matches(request, raw)) {
                    String refusal = kind.refusal();
                    if (refusal != null) {
                        problem(request, response, HttpStatus.FORBIDDEN, refusal);
                        return;
                    }
                    request.setAttribute(UnsignedPeerRequest.BODY, raw);
                    request.setAttribute(UnsignedPeerRequest.ADMITTED, Boolean.TRUE);
                    chain.doFilter(request, response);
                    return;
                }
            }
        }
        String refusal = refusal(request, raw);
        if (refusal != null) {
            problem(request, response, HttpStatus.UNAUTHORIZED, refusal);
            return;
        }
        byte[] body = raw;
        if (raw.length > 0 && PeerWire.GZIP.equalsIgnoreCase(request.getHeader("Content-Encoding"))) {
            try {
                body = PeerWire.gunzip(raw, maxBody);
            } catch (PeerWire.TooLargeException e) {
                problem(request, response, HttpStatus.CONTENT_TOO_LARGE, e.getMessage() + " after gunzip");
                return;
            } catch (IOException e) {
                problem(request, response, HttpStatus.BAD_REQUEST, "body is not valid gzip: " + e.getMessage());
                return;
            }
        }
        request.setAttribute(UnsignedPeerRequest.BODY, body);
        chain.doFilter(request, response);
    }

    /** Why the request is not proven to come from a team member, or null when it is. */
    private String refusal(HttpServletRequest request, byte[] body) {
        String node = request.getHeader(PeerSignature.NODE);
        String timestamp = request.getHeader(PeerSignature.TIMESTAMP);
        String nonce = request.getHeader(PeerSignature.NONCE);
        String given = request.getHeader(PeerSignature.SIGNATURE);
        if (node == null || timestamp == null || nonce == null || given == null
                || nonce.length() < 16 || nonce.length() > 64) {
            return "missing or malformed peer signature headers";
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "malformed timestamp";
        }
        long now = System.currentTimeMillis();
        if (Math.abs(now - sentAt) > windowMs) {
            return "timestamp outside the replay window (check the clocks)";
        }
        String query = request.getQueryString();
        String target = request.getRequestURI() + (query == null ? "" : "?" + query);
        String expected = signature.sign(request.getMethod(), target, node, timestamp, nonce, body);
        if (!PeerSignature.matches(expected, given)) {
            return "bad signature (another team's secret, or a changed request)";
        }
        if (nonces.size() > MAX_NONCES) {
            forgetBefore(now - windowMs);
            if (nonces.size() > MAX_NONCES) {
                return "too many requests inside the replay window";
            }
        }
        if (nonces.putIfAbsent(nonce, sentAt) != null) {
            return "replayed request";
        }
        return null;
    }

    private void forgetBefore(long oldest) {
        for (Iterator<Long> it = nonces.values().iterator(); it.hasNext(); ) {
            if (it.next() < oldest) {
                it.remove();
            }
        }
    }

    static void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getOutputStream().write(PeerWire.JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
    }
}
