package io.galileosync.store;

/** What the store holds for a record key, without the record itself: enough to compare two versions. */
public record StoredVersion(long contentHash, String originNode, long originSeq, long receivedAt) {
}
