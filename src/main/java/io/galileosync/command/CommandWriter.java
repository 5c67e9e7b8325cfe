package io.galileosync.command;

import io.galileosync.store.RecordStore;
import io.galileosync.store.StoreTask;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hands the command module's writes to the store's writer from a thread of its own: the store may make a caller
 * wait while its queue is full, and the callers here include trackers' event loops, which must never wait. At
 * most {@link #MAX_WAITING} writes wait here; beyond that a write fails at once (a reply then gets no ACK, and
 * the tracker sends it again).
 */
@Component
class CommandWriter implements SmartLifecycle {

    static final int MAX_WAITING = 1000;

    private final RecordStore store;
    /** Made at each start: a context may be stopped and started again (a paused test context is). */
    private volatile ThreadPoolExecutor executor;

    CommandWriter(RecordStore store) {
        this.store = store;
    }

    /** Completes (on the store's writer thread) once the task's transaction is committed. */
    <T> CompletableFuture<T> run(StoreTask<T> task) {
        ThreadPoolExecutor writes = executor;
        if (writes == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the command queue is stopped"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> store.inTransaction(task), writes).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(writes.isShutdown()
                    ? "the command queue is stopping" : "the command queue's writes are backed up (" + MAX_WAITING
                    + " waiting)", e));
        }
    }

    @Override
    public void start() {
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_WAITING),
                runnable -> {
                    Thread thread = new Thread(runnable, "command-writes");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Lets waiting writes reach the store, which stops after this. */
    @Override
    public void stop() {
        ThreadPoolExecutor writes = executor;
        executor = null;
        if (writes == null) {
            return;
        }
        writes.shutdown();
        try {
            writes.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stops after the ingest (whose closing connections still write) and before the store. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1500;
    }
}
