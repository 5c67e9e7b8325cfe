package io.galileosync.sync;

import io.galileosync.store.RecordStore;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Proof that two nodes hold the same records: per IMEI (and optionally per device-time bucket) the record
 * count and the wrapping sum of the records' content hashes, which does not depend on insertion order.
 * Summed in Java, since a SQL sum of 64-bit hashes would overflow.
 */
@Component
class Digest {

    private final RecordStore store;

    Digest(RecordStore store) {
        this.store = store;
    }

    /** @param bucketMs 0 for one entry per IMEI, else one per IMEI and {@code time_ms / bucketMs} */
    Map<String, Entry> compute(long bucketMs) {
        return compute(bucketMs, imei -> Long.MIN_VALUE);
    }

    /**
     * Only records at or after each IMEI's horizon: what one side pruned the other may still hold, and the two
     * must not rescan each other for it at every check.
     */
    Map<String, Entry> compute(long bucketMs, ToLongFunction<String> horizon) {
        Map<String, Entry> digest = new TreeMap<>();
        store.forEachContentHash((imei, timeMs, hash) -> {
            if (timeMs < horizon.applyAsLong(imei)) {
                return;
            }
            String key = bucketMs <= 0 ? imei : imei + "/" + Math.floorDiv(timeMs, bucketMs);
            digest.merge(key, new Entry(1, hash), Entry::plus);
        });
        return digest;
    }

    record Entry(long count, long hash) {
        Entry plus(Entry other) {
            return new Entry(count + other.count, hash + other.hash);
        }
    }
}
