package io.galileosync.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One group commit of tracker packets: records whose key is already held are skipped (the tracker re-sent
 * them), the rest are stored with this node as origin; the packets' device sightings and their own work
 * ({@link WriteRequest#also}) go into the same transaction.
 */
final class IngestWrite {

    private IngestWrite() {
    }

    static List<WriteResult> write(WriterTransaction tx, List<WriteRequest> requests) throws SQLException {
        List<RecordKey> keys = new ArrayList<>();
        for (WriteRequest request : requests) {
            request.records().forEach(r -> keys.add(r.key()));
        }
        Set<RecordKey> held = new HashSet<>(tx.versions(keys).keySet());
        List<WriteResult> results = new ArrayList<>(requests.size());
        for (WriteRequest request : requests) {
            int added = 0;
            for (TrackRecord record : request.records()) {
                if (held.add(record.key())) {
                    tx.insert(new StoredRecord(record, tx.nodeId(), tx.nextLocalSeq(), request.receivedAt()));
                    added++;
                }
            }
            if (request.sighting() != null) {
                tx.seen(request.sighting(), request.receivedAt());
            }
            if (request.also() != null) {
                request.also().run(tx);
            }
            results.add(new WriteResult(added, request.records().size() - added));
        }
        return results;
    }
}
