package io.galileosync.ingest;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.stereotype.Component;

/**
 * The ingest's log lines that a client on the network can repeat at will, each throttled per client address
 * ({@link ThrottledLog}), under the logger of the class that writes it.
 */
@Component
class IngestLog {

    /** Each kind: who writes it, at which level, and what its summary counts. */
    enum Repeated {
        BAD_CRC(GalileoFrameDecoder.class, Level.WARN, "frames with a bad CRC dropped"),
        CLOSED(GalileoSessionHandler.class, Level.WARN, "connections closed on garbage or errors"),
        IDLE(GalileoSessionHandler.class, Level.INFO, "idle connections closed"),
        QUARANTINED(GalileoSessionHandler.class, Level.WARN, "packets quarantined"),
        NOT_KEPT(GalileoSessionHandler.class, Level.WARN, "packets not kept (no ACK sent)"),
        CONFLICT(GalileoSessionHandler.class, Level.WARN, "records already held with other content"),
        PHOTO_FAILED(CommandExchange.class, Level.WARN, "photos given up"),
        REFUSED(ConnectionGate.class, Level.WARN, "connections refused"),
        UNPROVEN(ConnectionGate.class, Level.INFO, "connections closed for naming no tracker in time"),
        EVICTED(ConnectionGate.class, Level.INFO, "unproven connections closed to make room"),
        QUARANTINE_DROPPED(QuarantineLog.class, Level.INFO, "times quarantined packets were dropped");

        private final Class<?> owner;
        private final Level level;
        private final String what;

        Repeated(Class<?> owner, Level level, String what) {
            this.owner = owner;
            this.level = level;
            this.what = what;
        }
    }

    private final Map<Repeated, ThrottledLog> logs = new EnumMap<>(Repeated.class);

    IngestLog(IngestProperties config) {
        for (Repeated kind : Repeated.values()) {
            logs.put(kind, new ThrottledLog(LoggerFactory.getLogger(kind.owner), kind.level, kind.what,
                    config.logInterval()));
        }
    }

    /** @param source the client address (without port) the line is about */
    void log(Repeated kind, String source, String format, Object... arguments) {
        logs.get(kind).log(source, format, arguments);
    }

    /** The client address of a connection without its port: what repeated lines are throttled by. */
    static String sourceOf(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    /** Writes the summaries of ended intervals; called every few seconds. */
    void flush() {
        logs.values().forEach(ThrottledLog::flush);
    }
}
