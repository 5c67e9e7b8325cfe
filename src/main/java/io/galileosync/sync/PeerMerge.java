package io.galileosync.sync;

import io.galileosync.store.ContentHash;
import io.galileosync.store.RecordKey;
import io.galileosync.store.StoreTask;
import io.galileosync.store.StoreTransaction;
import io.galileosync.store.StoredRecord;
import io.galileosync.store.StoredVersion;
import io.galileosync.store.TrackRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges one batch from a peer (or an import file) inside a store transaction. A key already held with the
 * same content is a duplicate; with other content the later receive time wins (ties: the larger origin node
 * id, then the larger content hash), so every node keeps the same winner whatever the merge order, and the
 * loser goes to the {@link ConflictLog}. Records older than the retention horizon are rejected so pruned
 * records do not come back. Then the vector is raised to what the batch says it completes, in the same
 * transaction as the records it covers.
 *
 * @param complete  per origin, the sender held nothing more of that origin up to this seq than it sent (now or
 *                  earlier)
 * @param minTimeMs records older than this (the retention age horizon) are rejected
 */
record PeerMerge(List<StoredRecord> records, Map<String, Long> complete, long minTimeMs, long now)
        implements StoreTask<MergeResult> {

    /** The origin sequence of a record that has none of its own: it gets this node's next one. */
    static final long ASSIGN_LOCAL_SEQ = 0;

    PeerMerge {
        records = List.copyOf(records);
        complete = Map.copyOf(complete);
    }

    @Override
    public MergeResult run(StoreTransaction tx) throws SQLException {
        Set<String> imeis = new LinkedHashSet<>();
        List<RecordKey> keys = new ArrayList<>(records.size());
        for (StoredRecord r : records) {
            imeis.add(r.record().imei());
            keys.add(r.record().key());
        }
        Map<String, Long> horizons = RetentionHorizons.of(tx.connection(), imeis);
        Map<RecordKey, StoredVersion> held = tx.versions(keys);
        List<ConflictLog.Conflict> conflicts = new ArrayList<>();
        int inserted = 0;
        int duplicates = 0;
        int rejected = 0;
        for (StoredRecord incoming : records) {
            TrackRecord record = incoming.record();
            if (record.timeMs() < minTimeMs || record.timeMs() < horizons.getOrDefault(record.imei(), Long.MIN_VALUE)) {
                rejected++;
                continue;
            }
            long hash = ContentHash.of(record);
            StoredVersion stored = held.get(record.key());
            if (incoming.originSeq() == ASSIGN_LOCAL_SEQ && tx.nodeId().equals(incoming.originNode())
                    && (stored == null || stored.contentHash() != hash)) {
                incoming = new StoredRecord(record, tx.nodeId(), tx.nextLocalSeq(), incoming.receivedAt());
            }
            StoredVersion offered = new StoredVersion(hash, incoming.originNode(), incoming.originSeq(),
                    incoming.receivedAt());
            if (stored == null) {
                tx.insert(incoming);
                held.put(record.key(), offered);
                inserted++;
            } else if (stored.contentHash() == hash) {
                duplicates++;
            } else if (beats(offered, stored)) {
                conflicts.add(new ConflictLog.Conflict(record.key(), offered, stored, tx.read(record.key()).record()));
                tx.replace(incoming);
                held.put(record.key(), offered);
            } else {
                conflicts.add(new ConflictLog.Conflict(record.key(), stored, offered, record));
            }
            if (incoming.originNode().equals(tx.nodeId())) {
                // our own record coming back from a peer: our database was restored from an older backup
                tx.localSeqTaken(incoming.originSeq());
            }
        }
        ConflictLog.write(tx.connection(), now, conflicts);
        Map<String, Long> others = new HashMap<>(complete);
        Long own = others.remove(tx.nodeId());
        if (own != null) {
            tx.localSeqTaken(own);
        }
        VersionVector.raise(tx.connection(), others);
        return new MergeResult(inserted, duplicates, conflicts.size(), rejected);
    }

    /** The conflict rule: later receive time wins, then the larger origin node id, then the larger hash. */
    static boolean beats(StoredVersion a, StoredVersion b) {
        if (a.receivedAt() != b.receivedAt()) {
            return a.receivedAt() > b.receivedAt();
        }
        int byNode = a.originNode().compareTo(b.originNode());
        return byNode != 0 ? byNode > 0 : a.contentHash() > b.contentHash();
    }
}
