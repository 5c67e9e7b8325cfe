package io.galileosync.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.ToLongFunction;
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
        if (attributesTooLarge(r.attributes())) {
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

    /**
     * At least the attributes' JSON size as {@link #violation} counts it, without formatting a number: ingest, merge
     * and export ask for every record, and Double.toString was a twentieth of the sync's CPU. Only a record whose
     * bound is past the limit is counted exactly, so the rule itself is unchanged.
     */
    public static long attributesBound(Map<String, Object> attributes) {
        return jsonSize(attributes, 0, RecordRules::scalarBound);
    }

    private static boolean attributesTooLarge(Map<String, Object> attributes) {
        return attributesBound(attributes) > MAX_ATTRIBUTES_BYTES && attributesSize(attributes) > MAX_ATTRIBUTES_BYTES;
    }

    /** The attributes' JSON size as the rule counts it (Long.MAX_VALUE once past the limit or 32 levels deep). */
    static long attributesSize(Map<String, Object> attributes) {
        return jsonSize(attributes, 0, RecordRules::scalarSize);
    }

    /** About the JSON size of {@code value}, its scalars sized by {@code scalar}; stops counting once past the limit. */
    private static long jsonSize(Object value, int depth, ToLongFunction<Object> scalar) {
        if (value instanceof Map<?, ?> map) {
            long size = 2;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = e.getKey();
                size = plus(size, (key instanceof String name ? name.length() : String.valueOf(key).length()) + 4,
                        jsonSize(e.getValue(), depth + 1, scalar));
                if (size > MAX_ATTRIBUTES_BYTES || depth > 32) {
                    return Long.MAX_VALUE;
                }
            }
            return size;
        }
        if (value instanceof Collection<?> list) {
            long size = 2;
            for (Object item : list) {
                size = plus(size, 1, jsonSize(item, depth + 1, scalar));
                if (size > MAX_ATTRIBUTES_BYTES || depth > 32) {
                    return Long.MAX_VALUE;
                }
            }
            return size;
        }
        return scalar.applyAsLong(value);
    }

    /** A nested value past the limit is Long.MAX_VALUE: the sum stays there instead of wrapping round. */
    private static long plus(long size, long overhead, long nested) {
        return nested == Long.MAX_VALUE ? Long.MAX_VALUE : size + overhead + nested;
    }

    private static long scalarSize(Object value) {
        return value == null ? 4 : String.valueOf(value).length() + 2;
    }

    /** Never below {@link #scalarSize}: the longest text of a double is 24 characters, of a long 20. */
    private static long scalarBound(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return 26;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return 22;
        }
        if (value instanceof String text) {
            return text.length() + 2;
        }
        return value instanceof Boolean ? 7 : scalarSize(value);
    }

    private static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
    }
}
