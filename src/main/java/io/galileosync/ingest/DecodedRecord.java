package io.galileosync.ingest;

import io.galileosync.store.TrackRecord;

/**
 * One decoded archive record. Most records carry neither IMEI nor (for command replies) a time, so the key
 * fields are resolved by the connection handler and applied with {@link #toTrackRecord}.
 *
 * @param imei    tag 03 of this record (or the Iridium modem IMEI), null if absent
 * @param timeMs  tag 0x20 plus 0x21 milliseconds (or the MDS / Iridium time), null if absent
 * @param content the record with placeholder key fields: imei "" and timeMs 0
 */
public record DecodedRecord(String imei, Long timeMs, TrackRecord content) {

    public TrackRecord toTrackRecord(String imei, long timeMs) {
        return content.withKey(imei, timeMs);
    }
}
