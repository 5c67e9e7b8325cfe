package io.galileosync.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record store: the only way into the records and devices tables. Writes go through one writer thread
 * ({@link #submit} for tracker packets, group-committed; {@link #inTransaction} for a task of another module,
 * which may write its own tables on the same connection); reads are the queries other modules need.
 */
@Component
public class RecordStore implements SmartLifecycle {

    private final StoreWriter writer;
    private final RecordTable table;
    private final StoreQueries queries;
    private final JdbcClient jdbc;
    private final NodeIdentity node;

    RecordStore(DataSource dataSource, RecordTable table, NodeIdentity node, StoreQueries queries, JdbcClient jdbc,
                StoreProperties properties, MeterRegistry meters) {
        this.writer = new StoreWriter(dataSource, table, node, properties, meters);
        this.table = table;
        this.queries = queries;
        this.jdbc = jdbc;
        this.node = node;
    }

    /**
     * Queues a tracker packet for the next group commit. The future completes after the commit, or exceptionally
     * at once when the queue is full ({@link StoreOverloadedException}), or when the transaction failed.
     */
    public CompletableFuture<WriteResult> submit(WriteRequest request) {
        return writer.submit(request);
    }

    /** Runs a task in a writer transaction of its own (waiting a while for room in a full queue). */
    public <T> CompletableFuture<T> inTransaction(StoreTask<T> task) {
        return writer.run(task);
    }

    /** Every record of this node's own origin up to this sequence number is committed. */
    public long localSequence() {
        return writer.committedLocalSeq();
    }

    public long recordCount() {
        return jdbc.sql("select count(*) from records").query(Long.class).single();
    }

    public long deviceCount() {
        return queries.deviceCount();
    }

    /**
     * Records in time order (or, {@code newestFirst}, its reverse), of one device or ({@code imei} null) of all,
     * with the total count of matches.
     */
    public RecordPage records(String imei, TimeRange range, int offset, int limit, boolean newestFirst) {
        return queries.records(imei, range, offset, limit, newestFirst);
    }

    /** Every device by IMEI. */
    public List<DeviceOverview> devices() {
        return queries.devices();
    }

    public Optional<DeviceOverview> device(String imei) {
        return queries.device(imei);
    }

    /** Selects a device's records for {@link #stream}; empty when the device is unknown. */
    public Optional<RecordSelection> select(String imei, TimeRange range, boolean validFixesOnly) {
        return queries.select(imei, range, validFixesOnly);
    }

    /** The selected records in time order, in constant memory; close the stream. */
    public Stream<StoredRecord> stream(RecordSelection selection) {
        return queries.stream(selection);
    }

    /**
     * Records of one origin with a sequence number in {@code (afterSeq, upToSeq]}, in sequence order. In one
     * read-only transaction: in auto-commit H2 began a transaction for every row it fetched.
     */
    @Transactional(readOnly = true)
    public List<StoredRecord> byOrigin(String origin, long afterSeq, long upToSeq, int limit) {
        Integer originId = table.originId(origin);
        if (originId == null) {
            return List.of();
        }
        long first = RecordTable.rowId(originId, 0);
        return jdbc.sql(RecordTable.OF_ORIGIN)
                .params(first + Math.min(afterSeq, StoredRecord.MAX_SEQ), first + Math.min(upToSeq, StoredRecord.MAX_SEQ),
                        limit)
                .query((rs, i) -> table.readStored(rs))
                .list();
    }

    /** Every record by origin and sequence, one row in memory at a time; close the stream. */
    public Stream<StoredRecord> streamAll() {
        return jdbc.sql(RecordTable.ALL_BY_ORIGIN)
                .withFetchSize(500)
                .query((rs, i) -> table.readStored(rs))
                .stream();
    }

    /** The newest records by device time, newest first. */
    public List<StoredRecord> newest(int limit) {
        return jdbc.sql(RecordTable.NEWEST)
                .param(limit)
                .query((rs, i) -> table.readStored(rs))
                .list();
    }

    /** Receives each record's IMEI, device time and content hash (for digests), in no particular order. */
    public void forEachContentHash(ContentHashes each) {
        jdbc.sql(RecordTable.CONTENT_HASHES)
                .query(rs -> {
                    each.accept(table.imei(rs.getInt(1)), rs.getLong(2), rs.getLong(3));
                });
    }

    /** Records first stored in each minute since {@code fromMs}, split into this node's own and peers'. */
    public List<MinuteCount> storedPerMinute(long fromMs) {
        return jdbc.sql("""
                select m, sum(mine) as local_count, sum(1 - mine) as peer_count from (
                    select received_at / 60000 as m, case when origin_id = ? then 1 else 0 end as mine
                    from records where received_at >= ?) t
                group by m order by m""")
                .params(Objects.requireNonNullElse(table.originId(node.nodeId()), -1), fromMs)
                .query((rs, i) -> new MinuteCount(rs.getLong("m"), rs.getLong("local_count"),
                        rs.getLong("peer_count")))
                .list();
    }

    @FunctionalInterface
    public interface ContentHashes {
        void accept(String imei, long timeMs, long contentHash);
    }

    @Override
    public void start() {
        writer.start();
    }

    @Override
    public void stop() {
        writer.stop();
    }

    @Override
    public boolean isRunning() {
        return writer.isRunning();
    }

    @Override
    public int getPhase() {
        return writer.getPhase();
    }
}
