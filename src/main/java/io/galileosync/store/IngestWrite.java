package io.galileosync.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One group commit of tracker packets: records whose key is already held are skipped (the tracker re-sent
 * them; one with other content than the held version is reported as a conflict), the rest are stored with this
 * node as origin; the packets' device sightings and their own work ({@link WriteRequest#also}) go into the same
 * transaction.
 */
final class IngestWrite {

    private IngestWrite() {
    }

    static List<WriteResult> write(WriterTransaction tx, List<WriteRequest> requests) throws SQLException {
        List<RecordKey> keys = new ArrayList<>();
        for (WriteRequest request : requests) {
            request.records().forEach(r -> keys.add(r.key()));
        }
        Map<RecordKey, StoredVersion> held = new HashMap<>(tx.versions(keys));
        Set<RecordKey> insertedNow = new HashSet<>();
        List<WriteResult> results = new ArrayList<>(requests.size());
        for (WriteRequest request : requests) {
            int added = 0;
            List<WriteResult.Conflict> conflicts = new ArrayList<>();
            for (TrackRecord record : request.records()) {
                RecordKey key = record.key();
                StoredVersion stored = held.get(key);
                if (stored == null && insertedNow.add(key)) {
                    tx.insert(new StoredRecord(record, tx.nodeId(), tx.nextLocalSeq(), request.receivedAt()));
                    added++;
                    continue;
                }
                if (stored == null) { // stored earlier in this transaction
                    stored = tx.versions(List.of(key)).get(key);
                }
                long hash = ContentHash.of(record);
                if (hash != stored.contentHash()) {
                    conflicts.add(new WriteResult.Conflict(key, stored.contentHash(), hash));
                }
            }
            if (request.sighting() != null) {
                tx.seen(request.sighting(), request.receivedAt());
            }
            if (request.also() != null) {
                request.also().run(tx);
            }
            results.add(new WriteResult(added, request.records().size() - added, conflicts));
        }
        return results;
    }
}
