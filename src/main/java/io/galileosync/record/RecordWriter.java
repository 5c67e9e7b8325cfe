package io.galileosync.record;

import io.galileosync.config.GalileoProperties;
import io.galileosync.node.NodeIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
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
     * Queues a request for the next group commit. The future completes after the commit, or exceptionally
     * when the store cannot take it ({@link StoreOverloadedException}) or the transaction failed.
     */
    public CompletableFuture<WriteResult> submit(WriteRequest request) {
        Pending pending = new Pending(request, new CompletableFuture<>());
        if (!running) {
            pending.future.completeExceptionally(new IllegalStateException("record writer is stopped"));
        } else if (!queue.offer(pending)) {
            failures.increment();
            pending.future.completeExceptionally(new StoreOverloadedException(queue.size()));
        }
        return pending.future;
    }

    @Override
    public void start() {
        try (Connection connection = dataSource.getConnection()) {
            batchWriter.loadSequence(connection);
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

    private void commit(List<Pending> batch) {
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

    private record Pending(WriteRequest request, CompletableFuture<WriteResult> future) {
    }
}
