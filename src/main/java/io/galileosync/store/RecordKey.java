package io.galileosync.store;

/** A record's identity: the same record re-sent by a tracker, or arriving at two nodes, has the same key. */
public record RecordKey(String imei, long timeMs, int recordNumber) {
}
