package io.galileosync.command;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Marks open commands whose time ran out as expired, every {@code galileo.commands.expiry-check}, with an entry
 * of this node (any node may: duplicates fold into one). Until it does, the commands are not sent anyway.
 */
@Component
class CommandExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandExpiry.class);

    private final OpenCommands open;
    private final CommandLog commandLog;
    private final long periodMs;
    private ScheduledExecutorService ticker;

    CommandExpiry(OpenCommands open, CommandLog commandLog, CommandProperties properties) {
        this.open = open;
        this.commandLog = commandLog;
        this.periodMs = properties.expiryCheck().toMillis();
    }

    private void expire() {
        long now = System.currentTimeMillis();
        List<CommandEvent> expired = open.pastExpiry(now).stream().map(c -> CommandEvent.expired(c, now)).toList();
        if (expired.isEmpty()) {
            return;
        }
        try {
            commandLog.append(expired).get(periodMs * 10, TimeUnit.MILLISECONDS);
            log.info("{} command(s) expired unanswered", expired.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("could not mark {} command(s) expired: {}", expired.size(), e.toString());
        }
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "command-expiry");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::expire, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = ticker;
        ticker = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }
}
