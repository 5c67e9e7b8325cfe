package io.galileosync.ingest;

import java.util.Map;

/**
 * The protocol's rules for a record's position fix (tag 0x30's validity nibble) and tag 0x35, which is HDOP
 * for a satellite fix but the error radius of a cell-tower (LBS) fix. Shared by the decoder and by anything
 * that maps other Galileosky data (the original app's records) onto ours, so both read the same way.
 */
public final class GalileoFix {

    public static final int GNSS = 0;
    public static final int LBS = 2;

    private GalileoFix() {
    }

    /** A correct GNSS or LBS fix. */
    public static boolean valid(int nibble) {
        return nibble == GNSS || nibble == LBS;
    }

    /** Adds {@code fixSource} (gnss, lbs or invalid) and {@code fixValidity} (the nibble). */
    public static void describe(int nibble, Map<String, Object> attributes) {
        attributes.put("fixSource", nibble == GNSS ? "gnss" : nibble == LBS ? "lbs" : "invalid");
        attributes.put("fixValidity", nibble);
    }

    /**
     * The HDOP of a raw tag 0x35 value (tenths), or null when the fix is LBS: then the value is the error radius
     * in tens of metres, added as {@code lbsErrorMeters}.
     */
    public static Double hdop(int raw, Integer nibble, Map<String, Object> attributes) {
        if (nibble != null && nibble == LBS) {
            attributes.put("lbsErrorMeters", raw * 10);
            return null;
        }
        return raw / 10.0;
    }
}
