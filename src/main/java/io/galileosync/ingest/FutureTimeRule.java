package io.galileosync.ingest;

import io.galileosync.store.TrackRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Records dated later than now plus a skew are not stored: anyone on the network can send a tracker packet
 * for any IMEI, and a record of the year 2100 would outlive every real one under retention. Such a packet is
 * quarantined instead (its records within the skew are stored), so it can be decoded again with another skew.
 */
record FutureTimeRule(Duration maxSkew) {

    /** Records listed in a reason at most; a packet carries up to a few hundred. */
    private static final int LISTED = 3;

    /** The records dated up to {@code nowMs} plus the skew, and those later. */
    Split split(List<TrackRecord> records, long nowMs) {
        long latest = nowMs + maxSkew.toMillis();
        List<TrackRecord> kept = new ArrayList<>(records.size());
        List<TrackRecord> future = new ArrayList<>();
        for (TrackRecord record : records) {
            (record.timeMs() > latest ? future : kept).add(record);
        }
        return new Split(kept, future);
    }

    /** Why a packet with records beyond the skew is quarantined, for its row. */
    String reason(Split split) {
        String listed = split.future().stream().limit(LISTED)
                .map(r -> "record " + r.recordNumber() + " at " + Instant.ofEpochMilli(r.timeMs()))
                .collect(Collectors.joining(", "));
        return split.future().size() + " of " + (split.kept().size() + split.future().size())
                + " records dated beyond now + " + maxSkew + " (" + listed
                + (split.future().size() > LISTED ? ", ..." : "") + "): not stored";
    }

    /** @param future records dated beyond the skew, kept out of the store */
    record Split(List<TrackRecord> kept, List<TrackRecord> future) {
    }
}
