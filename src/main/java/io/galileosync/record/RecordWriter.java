package io.galileosync.record;

import io.galileosync.config.GalileoProperties;
import io.galileosync.node.NodeIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
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
import org.springframework.stereotype.Component;

/**
 * The single writer of records, devices and quarantined packets. Callers from any thread submit a
 * {@link WriteRequest}; one thread takes everything queued at that moment and commits it in one
 * transaction (group commit), then completes each caller's future. A tracker is acknowledged from that
 * future, so an ACK always follows a commit, while hundreds of trackers share a few transactions per second.
 * One writer also means record-key checks and origin sequence numbers need no locking.
 */
@Component
public class RecordWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecordWriter.class);

    private final DataSource dataSource;
    private final RecordBatchWriter batchWriter;
    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private final Counter failures;
    private volatile boolean running;
    private Thread thread;

    public RecordWriter(DataSource dataSource, NodeIdentity node, GalileoProperties properties,
                        MeterRegistry meters) {
        this.dataSource = dataSource;
        this.batchWriter = new RecordBatchWriter(node.nodeId(), meters);
        this.queue = new ArrayBlockingQueue<>(properties.ingest().writeQueue());
        this.maxBatch = properties.ingest().maxBatchPackets();
        this.commitTimer = Timer.builder("galileo.store.commit").description("one group-commit transaction")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.batchSize = DistributionSummary.builder("galileo.store.batch.requests")
                .description("write requests committed together").register(meters);
        this.failures = Counter.builder("galileo.store.failures").description("write requests that failed")
                .register(meters);
        meters.gauge("galileo.store.queue", queue, BlockingQueue::size);
    }

    /**
     * Stores records from a peer (see {@link RecordBatchWriter#merge}) in one transaction of its own on the
     * writer thread, so merges never race ingest or each other.
     */
    public CompletableFuture<MergeResult> merge(MergeBatch batch) {
        return enqueue(connection -> batchWriter.merge(connection, batch, System.currentTimeMillis()));
    }

    /** Retention: see {@link RecordBatchWriter#prune}; completes with the number of records deleted. */
    public CompletableFuture<Integer> prune(int maxPerImei, long minTimeMs) {
        return enqueue(connection -> batchWriter.prune(connection, maxPerImei, minTimeMs));
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> enqueue(Task<T> task) {
        Pending pending = new Pending(null, (Task<Object>) task, new CompletableFuture<>());
        if (!running) {
            pending.future.completeExceptionally(new IllegalStateException("record writer is stopped"));
        } else {
            try {
                // a peer sync may wait for room (it is no tracker waiting for an ACK)
                if (!queue.offer(pending, 30, TimeUnit.SECONDS)) {
                    pending.future.completeExceptionally(new StoreOverloadedException(queue.size()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.future.completeExceptionally(e);
            }
        }
        return (CompletableFuture<T>) pending.future;
    }

    /**
     * Queues a request for the next group commit. The future completes after the commit, or exceptionally
     * when the store cannot take it ({@link StoreOverloadedException}) or the transaction failed.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<WriteResult> submit(WriteRequest request) {
        Pending pending = new Pending(request, null, new CompletableFuture<>());
        if (!running) {
            pending.future.completeExceptionally(new IllegalStateException("record writer is stopped"));
        } else if (!queue.offer(pending)) {
            failures.increment();
            pending.future.completeExceptionally(new StoreOverloadedException(queue.size()));
        }
        return (CompletableFuture<WriteResult>) (CompletableFuture<?>) pending.future;
    }

    @Override
    public void start() {
        try (Connection connection = dataSource.getConnection()) {
            batchWriter.loadSequence(connection);
            int filled = batchWriter.backfillHashes(connection);
            if (filled > 0) {
                log.info("filled the content hash of {} records stored before sync existed", filled);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the origin sequence", e);
        }
        running = true;
        thread = new Thread(this::run, "record-writer");
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

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
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

    /** Ingest requests share one transaction; each task (peer merge, pruning) gets its own. */
    private void commit(List<Pending> pendings) {
        List<Pending> batch = new ArrayList<>(pendings.size());
        for (Pending pending : pendings) {
            if (pending.task == null) {
                batch.add(pending);
            } else {
                runTask(pending);
            }
        }
        if (!batch.isEmpty()) {
            commitIngest(batch);
        }
    }

    private void runTask(Pending pending) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long sequenceBefore = batchWriter.sequence();
            try {
                Object result = pending.task.run(connection);
                connection.commit();
                pending.future.complete(result);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                batchWriter.resetSequence(sequenceBefore);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            log.warn("store task failed: {}", e.toString());
            pending.future.completeExceptionally(e);
        }
    }

    private void commitIngest(List<Pending> batch) {
        batchSize.record(batch.size());
        List<WriteResult> results;
        try {
            results = commitTimer.recordCallable(() -> writeInOneTransaction(batch));
        } catch (Exception e) {
            // One bad request must not fail its neighbours: retry each alone, and fail only the culprits.
            log.warn("group commit of {} requests failed ({}); retrying one by one", batch.size(), e.toString());
            for (Pending pending : batch) {
                try {
                    WriteResult result = writeInOneTransaction(List.of(pending)).get(0);
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
            batch.get(i).future.complete(results.get(i));
        }
    }

    private List<WriteResult> writeInOneTransaction(List<Pending> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long sequenceBefore = batchWriter.sequence();
            try {
                List<WriteResult> results = batchWriter.write(connection, batch.stream().map(Pending::request).toList());
                connection.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                batchWriter.resetSequence(sequenceBefore);
                throw e;
            }
        }
    }

    /** Work for the writer thread: an ingest request (task null) or a task run in its own transaction. */
    private record Pending(WriteRequest request, Task<Object> task, CompletableFuture<Object> future) {
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * A record as a peer holds it: the record plus its origin and first receive time, kept across nodes. With
     * this node as origin and {@link #ASSIGN_LOCAL_SEQ} as seq (records with no origin of their own, like the
     * original app's), the merge gives it this node's next sequence number when it stores it.
     */
    public record OriginRecord(TrackRecord record, String originNode, long originSeq, long receivedAt) {
        public static final long ASSIGN_LOCAL_SEQ = 0;
    }

    /** A device row from outside (the original app's devices.json); times in epoch ms; address may be null. */
    public record DeviceFill(String imei, long firstSeen, long lastSeen, String remoteAddress) {
    }

    /** Adds unknown devices and fills unknown fields of known ones; completes with the number added. */
    public CompletableFuture<Integer> fillDevices(List<DeviceFill> fills) {
        List<DeviceFill> copy = List.copyOf(fills);
        return enqueue(connection -> batchWriter.fillDevices(connection, copy));
    }

    /**
     * One batch from a peer.
     *
     * @param completeUpTo per origin, the sender held nothing more of that origin up to this seq than it sent
     *                     (now or earlier): the receiver's vector may be raised to it with this commit
     * @param minTimeMs    records older than this (the retention age horizon) are rejected
     */
    public record MergeBatch(List<OriginRecord> records, Map<String, Long> completeUpTo, long minTimeMs) {
        public MergeBatch {
            records = List.copyOf(records);
            completeUpTo = Map.copyOf(completeUpTo);
        }
    }

    /** What a merge did; {@code rejected}: older than the retention horizon. */
    public record MergeResult(int inserted, int duplicates, int conflicts, int rejected) {
    }
}
