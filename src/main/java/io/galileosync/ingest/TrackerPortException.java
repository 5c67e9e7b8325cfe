package io.galileosync.ingest;

import java.net.BindException;
import java.util.Locale;

/** The Galileosky port could not be bound (taken by another process, or not allowed). */
class TrackerPortException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    TrackerPortException(String host, int port, BindException cause) {
        super("cannot listen for trackers on " + host + ":" + port + ": " + cause.getMessage(), cause);
        this.host = host;
        this.port = port;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Linux and the JDK say "Address already in use"; anything else (e.g. "Permission denied") is another cause. */
    boolean inUse() {
        String reason = getCause().getMessage();
        return reason != null && reason.toLowerCase(Locale.ROOT).contains("in use");
    }
}
