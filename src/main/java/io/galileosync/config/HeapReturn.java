package io.galileosync.config;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets the JVM give heap it no longer needs back to the system, set by the jar itself because users start it
 * with a plain {@code java -jar}: G1 (the default collector) otherwise keeps the heap it grew to at start-up or
 * under a burst for as long as the node runs (441-499 MB resident idle, 1.3 GB after a large database was read).
 * A periodic collection when the node has had none for a while, and a heap shrunk after a collection to at most
 * 30% free, brought an idle node from 476 MB to 333 MB. These are manageable flags, set at run time; one that is
 * given on the command line is left as it was.
 */
public final class HeapReturn {

    /** Flag to value, in the order they are set (the minimum free ratio must not exceed the maximum). */
    static final Map<String, String> DEFAULTS = defaults();

    private HeapReturn() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("G1PeriodicGCInterval", "30000");
        flags.put("MinHeapFreeRatio", "10");
        flags.put("MaxHeapFreeRatio", "30");
        return flags;
    }

    /**
     * One full collection once the node has started: the start-up leaves a few hundred MB of garbage, which the
     * collection frees and, with the free-ratio bounds, gives back; with the serial collector suggested for
     * phones (which has no periodic collection) nothing else would. {@code -XX:+DisableExplicitGC} turns it off.
     */
    public static void releaseStartupGarbage() {
        System.gc();
    }

    /** Sets each default flag that the JVM has, is still at its default and may be set; answers those it set. */
    public static Map<String, String> apply() {
        Map<String, String> set = new LinkedHashMap<>();
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) {
            return set; // not HotSpot: nothing to tune
        }
        DEFAULTS.forEach((name, value) -> {
            try {
                VMOption option = hotspot.getVMOption(name);
                if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
                    hotspot.setVMOption(name, value);
                    set.put(name, value);
                }
            } catch (IllegalArgumentException e) {
                // a flag this JVM does not have, or a value it refuses (e.g. a maximum set below our minimum)
            }
        });
        return set;
    }
}
