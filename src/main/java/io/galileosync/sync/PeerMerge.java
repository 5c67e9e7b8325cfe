package io.galileosync.sync;

import io.galileosync.store.ContentHash;
import io.galileosync.store.RecordKey;
import io.galileosync.store.RecordRules;
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
 * Merges one batch from a peer (or an import file) inside a store transaction. A record the store's rules
 * refuse, or received later than the latest believable time, is counted invalid and neither stored nor passed
 * on. A key already held with the same content is a duplicate; with other content the later receive time wins
 * (ties: the larger origin node id, then the larger content hash), so every node keeps the same winner
 * whatever the merge order, and the loser goes to the {@link ConflictLog}. Records older than the retention
 * horizon are rejected so pruned records do not come back. Then the vector is raised to what the batch says it
 * completes, in the same transaction as the records it covers, but never past what the batch offered or the
 * store holds of that origin, and never for this node's own origin, which only the store's sequence moves. A
 * record no vector covers (neither this batch's claims nor what was held before) is invalid too: stored, it
 * would never be passed on, and digests would differ for ever.
 *
 * @param complete       per origin, the sender held nothing more of that origin up to this seq than it sent (now
 *                       or earlier)
 * @param minTimeMs      records older than this (the retention age horizon) are rejected
 * @param latestTimeMs   records with a device time after this are invalid
 * @param latestReceived records received after this are invalid
 */
record PeerMerge(List<StoredRecord> records, Map<String, Long> complete, long minTimeMs, long latestTimeMs,
                 long latestReceived, long now) implements StoreTask<MergeResult> {

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
        Map<String, Long> offered = new HashMap<>();
        for (StoredRecord r : records) {
            imeis.add(r.record().imei());
            keys.add(r.record().key());
            offered.merge(r.originNode(), r.originSeq(), Math::max);
        }
        Map<String, Long> horizons = RetentionHorizons.of(tx.connection(), imeis);
        Set<String> origins = new LinkedHashSet<>(offered.keySet());
        origins.addAll(complete.keySet());
        Map<String, Long> before = VersionVector.of(tx.connection(), origins);
        Map<String, Long> covered = covered(tx, offered, before);
        Map<RecordKey, StoredVersion> held = tx.versions(keys);
        List<ConflictLog.Conflict> conflicts = new ArrayList<>();
        int inserted = 0;
        int duplicates = 0;
        int rejected = 0;
        int invalid = 0;
        for (StoredRecord incoming : records) {
            TrackRecord record = incoming.record();
            if (RecordRules.violation(record, latestTimeMs) != null || incoming.receivedAt() < 0
                    || incoming.receivedAt() > latestReceived || !coveredBy(incoming, tx.nodeId(), covered, before)) {
                invalid++;
                continue;
            }
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
            StoredVersion version = new StoredVersion(hash, incoming.originNode(), incoming.originSeq(),
                    incoming.receivedAt());
            if (stored == null) {
                tx.insert(incoming, hash);
                held.put(record.key(), version);
                inserted++;
            } else if (stored.contentHash() == hash) {
                duplicates++;
            } else if (beats(version, stored)) {
                conflicts.add(new ConflictLog.Conflict(record.key(), version, stored, tx.read(record.key()).record()));
                tx.replace(incoming, hash);
                held.put(record.key(), version);
            } else {
                conflicts.add(new ConflictLog.Conflict(record.key(), stored, version, record));
            }
            if (incoming.originNode().equals(tx.nodeId())) {
                // our own record coming back from a peer: our database was restored from an older backup
                tx.localSeqTaken(incoming.originSeq());
            }
        }
        ConflictLog.write(tx.connection(), now, conflicts);
        VersionVector.raise(tx.connection(), covered);
        return new MergeResult(inserted, duplicates, conflicts.size(), rejected, invalid);
    }

    /**
     * What the batch may raise the vector to: its claims, capped at what it offered or the store holds. The store
     * is asked only for a claim beyond both what was offered and the vector before (holes at the end of an
     * origin's range): a claim of the usual kind costs no query.
     */
    private Map<String, Long> covered(StoreTransaction tx, Map<String, Long> offered, Map<String, Long> before)
            throws SQLException {
        Map<String, Long> covered = new HashMap<>();
        for (Map.Entry<String, Long> claim : complete.entrySet()) {
            String origin = claim.getKey();
            if (origin.equals(tx.nodeId())) {
                continue;
            }
            long known = Math.max(offered.getOrDefault(origin, 0L), before.getOrDefault(origin, 0L));
            long cap = claim.getValue() <= known ? known : Math.max(known, tx.highestSeq(origin));
            long seq = Math.min(claim.getValue(), cap);
            if (seq > 0) {
                covered.put(origin, seq);
            }
        }
        return covered;
    }

    private static boolean coveredBy(StoredRecord r, String self, Map<String, Long> covered, Map<String, Long> before) {
        return r.originNode().equals(self)
                || r.originSeq() <= Math.max(covered.getOrDefault(r.originNode(), 0L),
                before.getOrDefault(r.originNode(), 0L));
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
