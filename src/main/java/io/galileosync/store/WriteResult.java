package io.galileosync.store;

/** What a committed {@link WriteRequest} changed: records newly stored and records already held. */
public record WriteResult(int inserted, int duplicates) {
}
