package io.galileosync.sync;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /peer/**}. In order, and each before anything costly: 503 while this node is closed to peers;
 * 401 unless the signature headers are there, well-formed, inside the replay window and with an unseen nonce;
 * 413 for a declared body over the limit. Only then is a body read, by at most {@code maxConcurrentBodies}
 * requests at once (503 beyond), bounded while reading and after gunzip (413), and checked against the
 * signature (401). Nothing reaches a controller before all of that holds, so a refused request reads and
 * changes nothing and holds little memory. The verified, decompressed body is handed on as the request
 * attribute {@link UnsignedPeerRequest#BODY}. Every refusal is signed like every other answer.
 */
class PeerAuthFilter extends OncePerRequestFilter {

    /** More remembered nonces than this (a flood inside the window) and new requests are refused. */
    private static final int MAX_NONCES = 200_000;
    private static final long BODY_WAIT_MS = 10_000;

    private final PeerSignature signature;
    private final PeerServer server;
    private final PeerAnswers answers;
    private final List<UnsignedPeerRequest> unsigned;
    private final int maxBody;
    private final long windowMs;
    private final Semaphore bodies;
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    /** Bodies being read now, and the most at any moment (a gauge: what unverified bodies can hold at worst). */
    private final AtomicInteger reading = new AtomicInteger();
    private final AtomicInteger peakReading = new AtomicInteger();

    PeerAuthFilter(PeerSignature signature, PeerServer server, PeerAnswers answers, List<UnsignedPeerRequest> unsigned,
                   SyncProperties settings, MeterRegistry meters) {
        meters.gauge("galileo.sync.peer.bodies.peak", peakReading);
        this.signature = signature;
        this.server = server;
        this.answers = answers;
        this.unsigned = List.copyOf(unsigned);
        this.maxBody = settings.maxBodyBytes();
        this.windowMs = settings.replayWindow().toMillis();
        this.bodies = new Semaphore(Math.max(1, settings.maxConcurrentBodies()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!server.isOpen()) {
            refuse(request, response, HttpStatus.SERVICE_UNAVAILABLE, "this node is closed to peers");
            return;
        }
        boolean signed = request.getHeader(PeerSignature.SIGNATURE) != null;
        if (!signed && unsigned.stream().noneMatch(kind -> kind.mayMatch(request))) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "missing or malformed peer signature headers");
            return;
        }
        String refusal = signed ? headerRefusal(request) : null;
        if (refusal != null) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, refusal);
            return;
        }
        if (request.getContentLengthLong() > maxBody) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "body larger than " + maxBody + " bytes");
            return;
        }
        if (!acquire()) {
            refuse(request, response, HttpStatus.SERVICE_UNAVAILABLE, "busy with other peers' bodies: try again");
            return;
        }
        try {
            byte[] raw;
            try {
                raw = readBody(request);
            } catch (PeerWire.TooLargeException e) {
                refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
                return;
            }
            if (!signed) {
                admitUnsigned(request, response, chain, raw);
                return;
            }
            refusal = bodyRefusal(request, raw);
            if (refusal != null) {
                refuse(request, response, HttpStatus.UNAUTHORIZED, refusal);
                return;
            }
            byte[] body = raw;
            if (raw.length > 0 && PeerWire.GZIP.equalsIgnoreCase(request.getHeader("Content-Encoding"))) {
                try {
                    body = PeerWire.gunzip(raw, maxBody);
                } catch (PeerWire.TooLargeException e) {
                    refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, e.getMessage() + " after gunzip");
                    return;
                } catch (IOException e) {
                    refuse(request, response, HttpStatus.BAD_REQUEST, "body is not valid gzip: " + e.getMessage());
                    return;
                }
            }
            request.setAttribute(UnsignedPeerRequest.BODY, body);
            chain.doFilter(request, response);
        } finally {
            reading.decrementAndGet();
            bodies.release();
        }
    }

    /** Into an array of the declared length where there is one: no growing copies of a big body. */
    private byte[] readBody(HttpServletRequest request) throws IOException, PeerWire.TooLargeException {
        reading.accumulateAndGet(0, (now, ignored) -> {
            int current = now + 1;
            peakReading.accumulateAndGet(current, Math::max);
            return current;
        });
        long declared = request.getContentLengthLong();
        if (declared >= 0) {
            byte[] body = request.getInputStream().readNBytes((int) declared);
            if (body.length != declared) {
                throw new IOException("the body ended after " + body.length + " of " + declared + " bytes");
            }
            return body;
        }
        return PeerWire.readAtMost(request.getInputStream(), maxBody);
    }

    /** An unsigned request is let through only as a kind another module admits (the original app's push). */
    private void admitUnsigned(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                               byte[] raw) throws IOException, ServletException {
        for (UnsignedPeerRequest kind : unsigned) {
            if (kind.matches(request, raw)) {
                String refusal = kind.refusal();
                if (refusal != null) {
                    refuse(request, response, HttpStatus.FORBIDDEN, refusal);
                    return;
                }
                request.setAttribute(UnsignedPeerRequest.BODY, raw);
                request.setAttribute(UnsignedPeerRequest.ADMITTED, Boolean.TRUE);
                chain.doFilter(request, response);
                return;
            }
        }
        refuse(request, response, HttpStatus.UNAUTHORIZED, "missing or malformed peer signature headers");
    }

    private boolean acquire() {
        try {
            return bodies.tryAcquire(BODY_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the headers alone say against the request (before its body is read), or null. */
    private String headerRefusal(HttpServletRequest request) {
        String node = request.getHeader(PeerSignature.NODE);
        String timestamp = request.getHeader(PeerSignature.TIMESTAMP);
        String nonce = request.getHeader(PeerSignature.NONCE);
        String given = request.getHeader(PeerSignature.SIGNATURE);
        if (node == null || timestamp == null || nonce == null || given == null || node.isEmpty()
                || node.length() > 64 || nonce.length() < 16 || nonce.length() > 64 || given.length() > 128) {
            return "missing or malformed peer signature headers";
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "malformed timestamp";
        }
        if (Math.abs(System.currentTimeMillis() - sentAt) > windowMs) {
            return "timestamp outside the replay window (check the clocks)";
        }
        if (nonces.containsKey(nonce)) {
            return "replayed request";
        }
        return null;
    }

    /** Null when the signature covers this request and its body (and the nonce is now spent), else why not. */
    private String bodyRefusal(HttpServletRequest request, byte[] body) {
        String node = request.getHeader(PeerSignature.NODE);
        String timestamp = request.getHeader(PeerSignature.TIMESTAMP);
        String nonce = request.getHeader(PeerSignature.NONCE);
        String query = request.getQueryString();
        String target = request.getRequestURI() + (query == null ? "" : "?" + query);
        String expected = signature.sign(request.getMethod(), target, node, timestamp, nonce, body);
        if (!PeerSignature.matches(expected, request.getHeader(PeerSignature.SIGNATURE))) {
            return "bad signature (another team's secret, or a changed request)";
        }
        long now = System.currentTimeMillis();
        if (nonces.size() > MAX_NONCES) {
            forgetBefore(now - windowMs);
            if (nonces.size() > MAX_NONCES) {
                return "too many requests inside the replay window";
            }
        }
        if (nonces.putIfAbsent(nonce, Long.parseLong(timestamp)) != null) {
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

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        answers.writeProblem(request, response, status, detail);
    }
}
