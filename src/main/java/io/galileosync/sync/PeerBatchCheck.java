package io.galileosync.sync;

import io.galileosync.store.StoredRecord;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape of what a peer sends, checked before anything of it touches the store: a batch with a malformed
 * record, origin or vector entry is refused whole (400), nothing changed. (Whether each well-formed record is
 * storable is the store's {@link io.galileosync.store.RecordRules}.)
 */
final class PeerBatchCheck {

    /** Origins are node ids: UUIDs here, but any token of letters, digits and dashes up to a UUID's length will do. */
    private static final Pattern ORIGIN = Pattern.compile("[0-9A-Za-z-]{1,36}");
    /** A claim only caps at what the batch or store holds: any number far from overflowing will do. */
    private static final long MAX_CLAIM = 1L << 53;
    private static final int MAX_IMEI_LENGTH = 32;

    private PeerBatchCheck() {
    }

    /** @throws IllegalArgumentException saying what is malformed */
    static void check(List<WireRecord> records, Map<String, Long> complete) {
        if (records == null || complete == null) {
            throw new IllegalArgumentException("a batch needs records and complete");
        }
        for (int i = 0; i < records.size(); i++) {
            WireRecord r = records.get(i);
            if (r == null || r.record() == null) {
                throw new IllegalArgumentException("records[" + i + "] has no record");
            }
            origin(r.originNode(), "records[" + i + "].originNode");
            seq(r.originSeq(), StoredRecord.MAX_SEQ, "records[" + i + "].originSeq");
            String imei = r.record().imei();
            if (imei == null || imei.isEmpty() || imei.length() > MAX_IMEI_LENGTH) {
                throw new IllegalArgumentException("records[" + i + "].record.imei is missing or longer than "
                        + MAX_IMEI_LENGTH);
            }
        }
        complete.forEach((origin, seq) -> {
            origin(origin, "complete key");
            if (seq == null) {
                throw new IllegalArgumentException("complete[" + origin + "] has no sequence number");
            }
            seq(seq, MAX_CLAIM, "complete[" + origin + "]");
        });
    }

    private static void origin(String origin, String what) {
        if (origin == null || !ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException(what + " is not a node id (1 to 36 letters, digits, dashes)");
        }
    }

    private static void seq(long seq, long max, String what) {
        if (seq < 1 || seq > max) {
            throw new IllegalArgumentException(what + " " + seq + " is not between 1 and " + max);
        }
    }
}
