package io.galileosync.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a storable record is, the same wherever it comes from (a tracker, a peer, an import file): every node
 * applies these rules, so a record one node refuses is refused by all and never spreads. Null: storable; else
 * why not.
 */
public final class RecordRules {

    /** Galileosky IMEIs are 15 digits (Iridium modems too); a little slack for other devices. */
    private static final Pattern IMEI = Pattern.compile("\\d{1,20}");
    /** Attributes beyond this (as JSON, about) would make a record too big to sync in one batch. */
    public static final int MAX_ATTRIBUTES_BYTES = 64 * 1024;

    private RecordRules() {
    }

    /** @param latestTimeMs the latest device time believed (now + the allowed clock skew) */
    public static String violation(TrackRecord r, long latestTimeMs) {
        if (r.imei() == null || !IMEI.matcher(r.imei()).matches()) {
            return "IMEI " + quote(r.imei()) + " is not 1 to 20 digits";
        }
        if (r.timeMs() < 0 || r.timeMs() > latestTimeMs) {
            return "device time " + Instant.ofEpochMilli(r.timeMs()) + " is before 1970 or in the future";
        }
        if (!within(r.latitude(), 90) || !within(r.longitude(), 180)) {
            return "position " + r.latitude() + ", " + r.longitude() + " is not a place on Earth";
        }
        if (!finite(r.speed()) || !finite(r.course()) || !finite(r.hdop())) {
            return "speed, course or HDOP is not a finite number";
        }
        if (attributesSize(r.attributes(), 0) > MAX_ATTRIBUTES_BYTES) {
            return "attributes larger than " + MAX_ATTRIBUTES_BYTES + " bytes";
        }
        return null;
    }

    private static boolean within(Double value, double limit) {
        return value == null || Double.isFinite(value) && Math.abs(value) <= limit;
    }

    private static boolean finite(Double value) {
        return value == null || Double.isFinite(value);
    }

    /** About the attributes' JSON size; stops counting once past the limit. */
    private static long attributesSize(Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            long size = 2;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += String.valueOf(e.getKey()).length() + 4 + attributesSize(e.getValue(), depth + 1);
                if (size > MAX_ATTRIBUTES_BYTES || depth > 32) {
                    return Long.MAX_VALUE;
                }
            }
            return size;
        }
        if (value instanceof Collection<?> list) {
            long size = 2;
            for (Object item : list) {
                size += 1 + attributesSize(item, depth + 1);
                if (size > MAX_ATTRIBUTES_BYTES || depth > 32) {
                    return Long.MAX_VALUE;
                }
            }
            return size;
        }
        return value == null ? 4 : String.valueOf(value).length() + 2;
    }

    private static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
    }
}
