package io.galileosync.store;

/**
 * A 64-bit hash of a record's key and content (not its origin or receive time): equal on every node that
 * holds the same version, whatever path it came by, so two versions of a key compare by it and a digest can
 * sum it per IMEI. XXH64 of the {@link CanonicalRecord} form (until the compact row, SHA-256 of canonical
 * JSON: the two never match, so digests of nodes on either side of that change differ).
 */
public final class ContentHash {

    private ContentHash() {
    }

    public static long of(TrackRecord record) {
        ByteSink canonical = CanonicalRecord.of(record);
        return XxHash64.hash(canonical.array(), canonical.size());
    }
}
