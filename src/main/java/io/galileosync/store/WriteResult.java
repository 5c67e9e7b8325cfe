package io.galileosync.store;

import java.util.List;

/**
 * What a committed {@link WriteRequest} changed: records newly stored, and records whose key was already held
 * (re-sent by the tracker), among them the conflicts: those held with other content.
 */
public record WriteResult(int inserted, int duplicates, List<Conflict> conflicts) {

    public WriteResult {
        conflicts = List.copyOf(conflicts);
    }

    public WriteResult(int inserted, int duplicates) {
        this(inserted, duplicates, List.of());
    }

    /** A record whose key was held with other content ({@link ContentHash}es differ); the held version stays. */
    public record Conflict(RecordKey key, long storedHash, long newHash) {
    }
}
