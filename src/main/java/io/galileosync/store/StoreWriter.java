package io.galileosync.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The single writer of the store. Callers from any thread queue work; one thread takes everything queued at
 * that moment and commits tracker packets together in one transaction (group commit), each task in one of its
 * own, then completes each caller's future. A tracker is acknowledged from that future, so an ACK always
 * follows a commit, while hundreds of trackers share a few transactions per second. One writer also means
 * record-key checks and origin sequence numbers need no locking.
 */
final class StoreWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
    /** How long a task (a peer merge, retention) waits for room in a full queue; a tracker packet never waits. */
    private static final long TASK_OFFER_SECONDS = 30;

    private final DataSource dataSource;
    private final RecordTable table;
    private final NodeIdentity node;
    private final LocalSequence sequence = new LocalSequence();
    private final NewestTimes newest = new NewestTimes();
    private final BlockingQueue<Pending<?>> queue;
    private final int maxBatch;
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

    StoreWriter(DataSource dataSource, RecordTable table, NodeIdentity node, int queueCapacity, int maxBatch,
                Duration housekeepingInterval, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.table = table;
        this.node = node;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxBatch = maxBatch;
        this.housekeepingNanos = housekeepingInterval.toNanos();
        this.commitTimer = Timer.builder("galileo.store.commit").description("one group-commit transaction")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.batchSize = DistributionSummary.builder("galileo.store.batch.requests")
                .description("write requests committed together").register(meters);
        this.failures = Counter.builder("galileo.store.failures").description("write requests that failed")
                .register(meters);
        this.inserted = Counter.builder("galileo.store.records").tag("outcome", "inserted").register(meters);
        this.duplicates = Counter.builder("galileo.store.records").tag("outcome", "duplicate").register(meters);
        meters.gauge("galileo.store.queue", queue, BlockingQueue::size);
    }

    CompletableFuture<WriteResult> submit(WriteRequest request) {
        return offer(new Pending<>(request, null), 0);
    }

    <T> CompletableFuture<T> run(StoreTask<T> task) {
        return offer(new Pending<>(null, task), TASK_OFFER_SECONDS);
    }

    long committedLocalSeq() {
        return sequence.committed();
    }

    private <T> CompletableFuture<T> offer(Pending<T> pending, long waitSeconds) {
        if (!running) {
            pending.future.completeExceptionally(new IllegalStateException("the store's writer is stopped"));
            return pending.future;
        }
        try {
            if (!queue.offer(pending, waitSeconds, TimeUnit.SECONDS)) {
                failures.increment();
                pending.future.completeExceptionally(new StoreOverloadedException(queue.size()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.future.completeExceptionally(e);
        }
        return pending.future;
    }

    @Override
    public void start() {
        try (Connection connection = dataSource.getConnection()) {
            sequence.load(connection, node.nodeId());
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

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    commit(batch);
                    writtenSinceHousekeeping = true;
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

    /** Tracker packets share one transaction; each task gets its own. */
    private void commit(List<Pending<?>> pendings) {
        List<Pending<WriteResult>> packets = new ArrayList<>(pendings.size());
        for (Pending<?> pending : pendings) {
            if (pending.task == null) {
                @SuppressWarnings("unchecked")
                Pending<WriteResult> packet = (Pending<WriteResult>) pending;
                packets.add(packet);
            } else {
                runTask(pending);
            }
        }
        if (!packets.isEmpty()) {
            commitPackets(packets);
        }
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

    /** Runs {@code task} in one transaction: committed with the sequence it used, or rolled back with it. */
    private <T> T inTransaction(WriterTask<T> task) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long mark = sequence.mark();
            try (WriterTransaction tx = new WriterTransaction(connection, table, node.nodeId(), sequence, newest)) {
                T result = task.run(tx);
                tx.finish();
                connection.commit();
                sequence.committedUpTo();
                tx.committed();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                sequence.rollBackTo(mark);
                throw e;
            }
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
