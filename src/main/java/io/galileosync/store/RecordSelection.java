package io.galileosync.store;

import java.util.Map;

/**
 * One device's records in a time range, optionally only valid fixes, as stored when the selection was made:
 * each origin's records are appended with growing row ids, so the highest row id of each origin then
 * ({@code lastIds}, by origin id) pins the set, and several passes over it (a GeoJSON track reads its fixes
 * twice) see the same records even while trackers keep sending.
 */
public record RecordSelection(String imei, TimeRange range, boolean validFixesOnly, Map<Integer, Long> lastIds) {

    public RecordSelection {
        lastIds = Map.copyOf(lastIds);
    }
}
