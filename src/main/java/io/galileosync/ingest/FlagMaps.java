package io.galileosync.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The flag maps of a 16-bit status word (bit name to set or not), made once per value seen: a tracker sends
 * the same few status values in record after record, and building the map for each record was over a third of
 * the decoder's time. The maps are unmodifiable and shared by every record that has the value; at most
 * {@value #MAX_CACHED} values are kept, so a stream of ever new values costs no more memory than that.
 */
final class FlagMaps {

    static final int MAX_CACHED = 512;

    private final IntFunction<Map<String, Object>> make;
    private final Map<Integer, Map<String, Object>> made = new ConcurrentHashMap<>();

    /** @param extra adds values to a map beyond its bits (e.g. a field of several bits), or null */
    FlagMaps(String[] bitNames, Extra extra) {
        this.make = value -> {
            Map<String, Object> flags = new LinkedHashMap<>(2 * bitNames.length);
            for (int bit = 0; bit < bitNames.length; bit++) {
                if (bitNames[bit] != null) {
                    flags.put(bitNames[bit], (value >>> bit & 1) != 0);
                }
            }
            if (extra != null) {
                extra.add(value, flags);
            }
            return Collections.unmodifiableMap(flags);
        };
    }

    Map<String, Object> of(int value) {
        Map<String, Object> flags = made.get(value);
        if (flags != null) {
            return flags;
        }
        flags = make.apply(value);
        if (made.size() < MAX_CACHED) {
            made.putIfAbsent(value, flags);
        }
        return flags;
    }

    @FunctionalInterface
    interface Extra {
        void add(int value, Map<String, Object> flags);
    }
}
