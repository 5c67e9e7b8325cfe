package io.galileosync.store;

import java.util.Map;

/**
 * What a pruning deleted.
 *
 * @param horizons per IMEI pruned, the oldest record time it kept: everything older is gone
 */
public record Pruned(int deleted, Map<String, Long> horizons) {
}
