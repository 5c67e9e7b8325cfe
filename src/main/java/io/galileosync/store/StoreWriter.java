package io.galileosync.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The single writer of the store. Callers from any thread queue work; one thread takes every tracker packet
 * queued at that moment and commits them together in one transaction (group commit), and runs each task in one
 * of its own when no packet waits, then completes each caller's future. A tracker is acknowledged from that future, so an ACK always
 * follows a commit, while hundreds of trackers share a few transactions per second. One writer also means
 * record-key checks and origin sequence numbers need no locking. Longer than most because the thread's loop,
 * its two queues, its transaction and its housekeeping share state that must not leak out of this class.
 */
final class StoreWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
    /** How long a task (a peer merge, retention) waits for room in a full queue; a tracker packet never waits. */
    private static final long TASK_OFFER_SECONDS = 30;
    /** Tasks waiting for the writer; their callers (peer syncs, imports) wait for room beyond that. */
    private static final int TASK_QUEUE = 64;

    private final DataSource dataSource;
    private final RecordTable table;
    private final NodeIdentity node;
    private final LocalSequence sequence = new LocalSequence();
    private final NewestTimes newest = new NewestTimes();
    private final BlockingQueue<Pending<WriteResult>> packets;
    private final BlockingQueue<Pending<?>> tasks = new ArrayBlockingQueue<>(TASK_QUEUE);
    /** Released for every offer, so the writer sleeps only while both queues are empty. */
    private final Semaphore work = new Semaphore(0);
    private final int maxBatch;
    private final boolean forceCommits;
    /** H2 writes a commit to its file, but a power cut loses what the OS has not written to the device yet. */
    private boolean forceToDevice;
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private final Counter failures;
    private final Counter inserted;
    private final Counter duplicates;
    private final long housekeepingNanos;
    private H2Housekeeping housekeeping;
    private long lastHousekeeping = System.nanoTime();
    private boolean writtenSinceHousekeeping;

    private volatile boolean running;
    private Thread thread;

    StoreWriter(DataSource dataSource, RecordTable table, NodeIdentity node, StoreProperties properties,
                MeterRegistry meters) {
        this.dataSource = dataSource;
        this.table = table;
        this.node = node;
        this.packets = new ArrayBlockingQueue<>(properties.writeQueue());
        this.maxBatch = properties.maxBatchPackets();
        this.housekeepingNanos = properties.housekeeping().toNanos();
        this.forceCommits = properties.forceCommits();
        this.commitTimer = Timer.builder("galileo.store.commit").description("one group-commit transaction")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.batchSize = DistributionSummary.builder("galileo.store.batch.requests")
                .description("write requests committed together").register(meters);
        this.failures = Counter.builder("galileo.store.failures").description("write requests that failed")
                .register(meters);
        this.inserted = Counter.builder("galileo.store.records").tag("outcome", "inserted").register(meters);
        this.duplicates = Counter.builder("galileo.store.records").tag("outcome", "duplicate").register(meters);
        meters.gauge("galileo.store.queue", packets, BlockingQueue::size);
        meters.gauge("galileo.store.tasks", tasks, BlockingQueue::size);
    }

    CompletableFuture<WriteResult> submit(WriteRequest request) {
        return offer(packets, new Pending<>(request, null), 0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    <T> CompletableFuture<T> run(StoreTask<T> task) {
        // the task queue holds tasks of every result type; each keeps its own future's type
        return offer((BlockingQueue) tasks, new Pending<>(null, task), TASK_OFFER_SECONDS);
    }

    long committedLocalSeq() {
        if (!sequence.shared()) {
            return sequence.committed();
        }
        try (Connection connection = dataSource.getConnection()) {
            return sequence.committedIn(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the origin sequence", e);
        }
    }

    private <T> CompletableFuture<T> offer(BlockingQueue<Pending<T>> queue, Pending<T> pending, long waitSeconds) {
        CompletableFuture<T> future = pending.future();
        if (!running) {
            future.completeExceptionally(new IllegalStateException("the store's writer is stopped"));
            return future;
        }
        try {
            if (queue.offer(pending, waitSeconds, TimeUnit.SECONDS)) {
                work.release();
            } else {
                failures.increment();
                future.completeExceptionally(new StoreOverloadedException(queue.size()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
        }
        return future;
    }

    @Override
    public void start() {
        try (Connection connection = dataSource.getConnection()) {
            // PostgreSQL's commit is on the device already (synchronous_commit); H2's needs CHECKPOINT SYNC
            boolean h2 = "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
            forceToDevice = forceCommits && h2;
            sequence.load(connection, node.nodeId());
            if (!h2) {
                // a database server may have several gateway processes writing as this one node
                sequence.share();
            }
            housekeeping = housekeepingNanos == 0 ? null : H2Housekeeping.of(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the origin sequence", e);
        }
        running = true;
        thread = new Thread(this::loop, "record-writer");
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the ingest server and stops after it, so every accepted packet can still be committed. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }

    /**
     * Tracker packets first, always: everything queued goes into one group commit; a task (a peer's merge, an
     * import part, retention) runs only when no packet waits, one at a time, so an ACK waits at most one task.
     */
    private void loop() {
        List<Pending<WriteResult>> batch = new ArrayList<>(maxBatch);
        while (running || !packets.isEmpty() || !tasks.isEmpty()) {
            try {
                packets.drainTo(batch, maxBatch);
                if (!batch.isEmpty()) {
                    commitPackets(batch);
                    writtenSinceHousekeeping = true;
                } else {
                    Pending<?> task = tasks.poll();
                    if (task != null) {
                        runTask(task);
                        writtenSinceHousekeeping = true;
                    } else if (work.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        work.drainPermits();
                    }
                }
                housekeepingWhenDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("record writer failed on a batch of {}", batch.size(), e);
                batch.forEach(p -> p.future.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** After commits, at most once per interval: see {@link H2Housekeeping}. */
    private void housekeepingWhenDue() {
        long now = System.nanoTime();
        if (housekeeping == null || !writtenSinceHousekeeping || now - lastHousekeeping < housekeepingNanos) {
            return;
        }
        lastHousekeeping = now;
        writtenSinceHousekeeping = false;
        housekeeping.run();
    }

    private <T> void runTask(Pending<T> pending) {
        try {
            pending.future.complete(inTransaction(pending.task::run));
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            log.warn("store task failed: {}", e.toString());
            pending.future.completeExceptionally(e);
        }
    }

    private void commitPackets(List<Pending<WriteResult>> batch) {
        batchSize.record(batch.size());
        List<WriteRequest> requests = batch.stream().map(Pending::request).toList();
        List<WriteResult> results;
        try {
            results = commitTimer.recordCallable(() -> inTransaction(tx -> IngestWrite.write(tx, requests)));
        } catch (Exception e) {
            // One bad request must not fail its neighbours: retry each alone, and fail only the culprits. The
            // look-up shortcut starts afresh, in case a row came in behind the writer's back.
            newest.forget();
            log.warn("group commit of {} requests failed ({}); retrying one by one", batch.size(), e.toString());
            for (Pending<WriteResult> pending : batch) {
                try {
                    WriteResult result = inTransaction(tx -> IngestWrite.write(tx, List.of(pending.request))).get(0);
                    count(result);
                    pending.future.complete(result);
                } catch (Exception single) {
                    failures.increment();
                    log.error("write request failed: {}", single.toString());
                    pending.future.completeExceptionally(single);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            count(results.get(i));
            batch.get(i).future.complete(results.get(i));
        }
    }

    private void count(WriteResult result) {
        inserted.increment(result.inserted());
        duplicates.increment(result.duplicates());
    }

    /**
     * Runs {@code task} in one transaction: committed with the sequence it used, or rolled back with it; then,
     * before anyone is told (an ACK, a peer's answer), forced to the device. A failed force fails the caller
     * though the commit stands: a tracker re-sends, and the copy it sends is a duplicate.
     */
    private <T> T inTransaction(WriterTask<T> task) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long mark = sequence.mark();
            T result;
            try (WriterTransaction tx = new WriterTransaction(connection, table, node.nodeId(), sequence, newest)) {
                result = task.run(tx);
                tx.finish();
                connection.commit();
                sequence.committedUpTo();
                tx.committed();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                sequence.rollBackTo(mark);
                throw e;
            }
            if (forceToDevice) {
                try (Statement sync = connection.createStatement()) {
                    sync.execute("CHECKPOINT SYNC");
                }
            }
            return result;
        }
    }

    /** What runs in a writer transaction: a {@link StoreTask}, or the writer's own group commit. */
    @FunctionalInterface
    private interface WriterTask<T> {
        T run(WriterTransaction tx) throws SQLException;
    }

    /** Work for the writer thread: a tracker packet (task null) or a task run in its own transaction. */
    private record Pending<T>(WriteRequest request, StoreTask<T> task, CompletableFuture<T> future) {
        Pending(WriteRequest request, StoreTask<T> task) {
            this(request, task, new CompletableFuture<>());
        }
    }
}
