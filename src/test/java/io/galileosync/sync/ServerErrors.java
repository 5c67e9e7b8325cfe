package io.galileosync.sync;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The unexpected exceptions behind the 500s of the nodes in this JVM, as {@code ApiExceptionHandler} logs them,
 * so a test can tell which failure a 500 was. Attach after the nodes have started: starting a node resets the
 * logging.
 */
final class ServerErrors implements AutoCloseable {

    /** io.galileosync.web.ApiExceptionHandler, which is package-private. */
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.galileosync.web.ApiExceptionHandler");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    ServerErrors() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The stack trace (with causes) of the latest one, and forgets all so far. */
    Optional<String> takeLatest() {
        synchronized (appender) { // the appender appends under its own lock
            Optional<String> latest = appender.list.stream().filter(e -> e.getThrowableProxy() != null)
                    .reduce((first, second) -> second).map(e -> ThrowableProxyUtil.asString(e.getThrowableProxy()));
            appender.list.clear();
            return latest;
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
