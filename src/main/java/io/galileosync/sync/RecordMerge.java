package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import io.galileosync.store.StoredRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Merges records from peers and import files through the store's writer thread ({@link PeerMerge}), waiting for
 * the commit, and counts what happened.
 */
@Component
public class RecordMerge {

    private static final Logger log = LoggerFactory.getLogger(RecordMerge.class);

    private final RecordStore store;
    private final SyncProperties settings;
    private final MeterRegistry meters;
    private final String nodeId;

    RecordMerge(RecordStore store, SyncProperties settings, MeterRegistry meters, NodeIdentity node) {
        this.store = store;
        this.settings = settings;
        this.meters = meters;
        this.nodeId = node.nodeId();
    }

    /** Records that have no origin of their own (the original app's data): each gets this node's next sequence. */
    public MergeResult mergeUnnumbered(List<UnnumberedRecord> records) {
        return merge(records.stream().map(r -> new StoredRecord(r.record(), nodeId, PeerMerge.ASSIGN_LOCAL_SEQ,
                r.receivedAt())).toList(), Map.of());
    }

    /**
     * Merges in parts of at most {@code merge-records} records, each its own transaction (a tracker's ACK waits at
     * most one part). Each part raises the vector only as far as its own records go, so a cut merge resumes where
     * it stopped.
     *
     * @param complete the origins and sequence numbers up to which the sender has now sent everything
     */
    MergeResult merge(List<StoredRecord> records, Map<String, Long> complete) {
        int part = Math.max(1, settings.mergeRecords());
        MergeResult total = MergeResult.NONE;
        for (int from = 0; from < records.size() || from == 0; from += part) {
            int to = Math.min(records.size(), from + part);
            List<StoredRecord> slice = records.subList(from, to);
            // the last part carries the batch's claims; an earlier one claims no further than its own records go
            total = total.plus(mergePart(slice, to == records.size() ? complete : upToOwn(slice, complete)));
        }
        return total;
    }

    /** The claims cut to the highest seq the part holds of each origin (a part can cover only what it holds). */
    private static Map<String, Long> upToOwn(List<StoredRecord> part, Map<String, Long> complete) {
        Map<String, Long> own = new HashMap<>();
        for (StoredRecord r : part) {
            own.merge(r.originNode(), r.originSeq(), Math::max);
        }
        own.replaceAll((origin, seq) -> Math.min(seq, complete.getOrDefault(origin, 0L)));
        own.values().removeIf(seq -> seq <= 0);
        return own;
    }

    private MergeResult mergePart(List<StoredRecord> records, Map<String, Long> complete) {
        long now = System.currentTimeMillis();
        try {
            MergeResult result = store.inTransaction(new PeerMerge(records, complete, settings.retentionMinTime(now),
                    now + settings.maxFutureSkew().toMillis(), now + settings.maxReceivedSkew().toMillis(), now))
                    .join();
            meters.counter("galileo.sync.records", "outcome", "inserted").increment(result.inserted());
            meters.counter("galileo.sync.records", "outcome", "duplicate").increment(result.duplicates());
            meters.counter("galileo.sync.records", "outcome", "rejected").increment(result.rejected());
            meters.counter("galileo.sync.records", "outcome", "invalid").increment(result.invalid());
            if (result.invalid() > 0) {
                log.warn("{} records refused as not storable (bad IMEI, position or time)", result.invalid());
            }
            meters.counter("galileo.sync.conflicts").increment(result.conflicts());
            if (result.conflicts() > 0) {
                log.warn("{} conflicting versions resolved (losers kept in sync_conflicts)", result.conflicts());
            }
            return result;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /**
     * Wire records as stored records, once their shape is checked.
     *
     * @throws IllegalArgumentException when a record, origin or vector entry is malformed (nothing is merged)
     */
    MergeResult mergeWire(List<WireRecord> records, Map<String, Long> complete) {
        PeerBatchCheck.check(records, complete);
        return merge(records.stream().map(WireRecord::toStored).toList(), complete);
    }
}
