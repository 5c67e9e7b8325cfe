package io.galileosync.backup;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Scheduled backups: one {@code interval} after the newest backup in the folder (so a node that is restarted
 * often still backs up on time), soon after the start when there is none or it is overdue, then every interval.
 */
@Component
class BackupScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);
    /** The first backup of a node with none waits this long (at most an interval): the start has enough to do. */
    private static final Duration FIRST_DELAY = Duration.ofMinutes(1);

    private final Backups backups;
    private final BackupProperties properties;
    private ScheduledThreadPoolExecutor timer;

    BackupScheduler(Backups backups, BackupProperties properties) {
        this.backups = backups;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled()) {
            log.info("scheduled backups are off (galileo.backup.enabled=false)");
            return;
        }
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "backup");
            thread.setDaemon(true);
            return thread;
        });
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        Duration first = firstDelay();
        log.info("backups every {} into {}, the newest {} kept; the next in {}", properties.interval(),
                backups.folder().dir(), properties.keep(), first);
        timer.schedule(this::backUp, first.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration firstDelay() {
        Duration soon = FIRST_DELAY.compareTo(properties.interval()) < 0 ? FIRST_DELAY : properties.interval();
        try {
            List<BackupFolder.Backup> existing = backups.folder().list();
            if (!existing.isEmpty()) {
                Duration due = Duration.between(Instant.now(), existing.get(0).takenAt().plus(properties.interval()));
                return due.compareTo(soon) > 0 ? due : soon;
            }
        } catch (IOException e) {
            log.warn("cannot list the backups in {}: {}", backups.folder().dir(), e.toString());
        }
        return soon;
    }

    private void backUp() {
        try {
            backups.make();
        } catch (BackupException e) {
            log.warn("scheduled backup failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("scheduled backup failed", e);
        } finally {
            synchronized (this) {
                if (timer != null && !timer.isShutdown()) {
                    timer.schedule(this::backUp, properties.interval().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** A backup being written is let finish (the database closes after this stops). */
    @Override
    public void stop() {
        ScheduledThreadPoolExecutor running;
        synchronized (this) {
            running = timer;
            timer = null;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("a backup was still being written at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
