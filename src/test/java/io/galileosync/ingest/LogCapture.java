package io.galileosync.ingest;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the application logs while it is attached: every event of the {@code io.galileosync} loggers, formatted
 * with a console-like pattern, counted in lines and bytes (the first lines kept to look at).
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final int KEPT_LINES = 2000;

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.galileosync");
    private final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    private final List<String> lines = new ArrayList<>();
    private long count;
    private long bytes;

    LogCapture() {
        LoggerContext context = logger.getLoggerContext();
        setContext(context);
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5level %pid --- [%15.15thread] %-40.40logger{39} : %m%n");
        encoder.start();
        start();
        logger.addAppender(this);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        byte[] line = encoder.encode(event);
        count++;
        bytes += line.length;
        if (lines.size() < KEPT_LINES) {
            lines.add(new String(line, StandardCharsets.UTF_8).stripTrailing());
        }
    }

    synchronized long lineCount() {
        return count;
    }

    synchronized long byteCount() {
        return bytes;
    }

    /** The kept lines that contain {@code text}. */
    synchronized List<String> linesWith(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
