package io.galileosync.sync;

import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordRules;
import io.galileosync.store.RecordStore;
import io.galileosync.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Reads what a peer lacks, given the peer's version vector: for each origin (in id order) the records with a
 * higher originSeq than the peer holds, up to this node's own vector (so every claim covers committed rows
 * only), in batches bounded in records and (estimated JSON) bytes. An origin the peer is level with costs no
 * query, so a sync with nothing new is O(origins).
 */
@Component
class DeltaExporter {

    /** Estimated JSON of a record's fixed fields and origin, without the attributes (field names included). */
    private static final int RECORD_OVERHEAD_BYTES = 360;

    private final RecordStore store;
    private final VersionVector vector;
    private final NodeIdentity node;

    DeltaExporter(RecordStore store, VersionVector vector, NodeIdentity node) {
        this.store = store;
        this.vector = vector;
        this.node = node;
    }

    PeerWire.Batch batch(Map<String, Long> peerVector, int maxRecords, int maxBytes) {
        List<WireRecord> records = new ArrayList<>();
        Map<String, Long> complete = new TreeMap<>();
        long bytes = 0;
        for (Map.Entry<String, Long> held : vector.current().entrySet()) {
            String origin = held.getKey();
            long from = peerVector.getOrDefault(origin, 0L);
            long to = held.getValue();
            if (to <= from) {
                continue;
            }
            if (records.size() >= maxRecords || bytes >= maxBytes) {
                return batch(records, complete, true);
            }
            int wanted = maxRecords - records.size();
            List<StoredRecord> rows = store.byOrigin(origin, from, to, wanted);
            long last = from;
            for (StoredRecord row : rows) {
                long size = estimatedBytes(row);
                if (!records.isEmpty() && bytes + size > maxBytes) {
                    complete.put(origin, last);
                    return batch(records, complete, true);
                }
                records.add(WireRecord.of(row));
                bytes += size;
                last = row.originSeq();
            }
            if (rows.size() == wanted) {
                complete.put(origin, last);
                return batch(records, complete, true);
            }
            // every row of this origin up to our vector is in: holes (pruned, or stored under another origin)
            // are covered too
            complete.put(origin, to);
        }
        return batch(records, complete, false);
    }

    private PeerWire.Batch batch(List<WireRecord> records, Map<String, Long> complete, boolean more) {
        return new PeerWire.Batch(node.nodeId(), node.epoch(), records, complete, more);
    }

    /** About the record's JSON size: the fixed fields plus a bound of its attributes' (stored: within the limit). */
    private static long estimatedBytes(StoredRecord row) {
        return RECORD_OVERHEAD_BYTES
                + Math.min(RecordRules.attributesBound(row.record().attributes()), RecordRules.MAX_ATTRIBUTES_BYTES);
    }
}
