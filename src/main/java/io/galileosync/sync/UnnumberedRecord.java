package io.galileosync.sync;

import io.galileosync.store.TrackRecord;

/** A record with no origin of its own (the original app's data): merged, it gets this node's next sequence number. */
public record UnnumberedRecord(TrackRecord record, long receivedAt) {
}
