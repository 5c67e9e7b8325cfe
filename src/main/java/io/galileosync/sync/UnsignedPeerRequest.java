package io.galileosync.sync;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A kind of {@code /peer/**} request let through without a signature (the original app's push during a
 * migration), provided by another module. Every other peer request stays signed.
 */
public interface UnsignedPeerRequest {

    /** The request attribute holding the (size-checked) body of a request let through. */
    String BODY = "io.galileosync.sync.peer-body";
    /** The request attribute set on a request let through unsigned. */
    String ADMITTED = "io.galileosync.sync.unsigned-admitted";

    /** Whether this unsigned request may be one of this kind, by what it says before its body (method, path). */
    boolean mayMatch(HttpServletRequest request);

    /** Whether this unsigned request, with this body, is one of this kind. */
    boolean matches(HttpServletRequest request, byte[] body);

    /** Null to let such a request through; else why it is refused (403). */
    String refusal();
}
