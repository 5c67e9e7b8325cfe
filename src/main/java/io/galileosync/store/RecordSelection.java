package io.galileosync.store;

/**
 * One device's records in a time range, optionally only valid fixes, as stored when the selection was made:
 * records are only ever appended with growing ids, so {@code maxId} pins the set and several passes over
 * it (a GeoJSON track reads its fixes twice) see the same records even while trackers keep sending.
 */
public record RecordSelection(String imei, TimeRange range, boolean validFixesOnly, long maxId) {
}
