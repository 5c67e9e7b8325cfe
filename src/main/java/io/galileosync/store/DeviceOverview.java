package io.galileosync.store;

/**
 * A tracker this node has heard from, with the supply and battery voltage of its newest record (null when it has
 * none). The last position is that of the newest valid fix, which may be older than the newest record.
 */
public record DeviceOverview(String imei, Integer hardwareVersion, Integer firmwareVersion, Integer deviceNumber,
                             long firstSeen, long lastSeen, String remoteAddress, long recordCount, Long lastTimeMs,
                             Double lastLatitude, Double lastLongitude, Integer supplyVoltage,
                             Integer batteryVoltage) {
}
