package io.galileosync.ingest;

import io.galileosync.store.RecordRules;
import io.galileosync.store.TrackRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Only records the store's rules call storable are stored ({@link RecordRules}: an IMEI of digits, a place on
 * Earth, finite numbers, a device time no later than now plus a skew). Anyone on the network can send a tracker
 * packet for any IMEI, and a record of the year 2100 would outlive every real one under retention; a node that
 * stored what its peers refuse would never agree with them. A packet with such records is quarantined instead
 * (its storable records are stored), so it can be decoded again later.
 */
record StorableRule(Duration maxSkew) {

    /** Records listed in a reason at most; a packet carries up to a few hundred. */
    private static final int LISTED = 3;

    /** The storable records, and the others with why not. */
    Split split(List<TrackRecord> records, long nowMs) {
        long latest = nowMs + maxSkew.toMillis();
        List<TrackRecord> kept = new ArrayList<>(records.size());
        List<String> refused = new ArrayList<>();
        for (TrackRecord record : records) {
            String violation = RecordRules.violation(record, latest);
            if (violation == null) {
                kept.add(record);
            } else {
                refused.add("record " + record.recordNumber() + ": " + violation);
            }
        }
        return new Split(kept, refused);
    }

    /** Why a packet with records not storable is quarantined, for its row. */
    String reason(Split split) {
        String listed = split.refused().stream().limit(LISTED).collect(Collectors.joining("; "));
        return split.refused().size() + " of " + (split.kept().size() + split.refused().size())
                + " records not storable (" + listed + (split.refused().size() > LISTED ? "; ..." : "")
                + "; device times count up to now + " + maxSkew + ")";
    }

    /** @param refused why each record not storable is not */
    record Split(List<TrackRecord> kept, List<String> refused) {
    }
}
