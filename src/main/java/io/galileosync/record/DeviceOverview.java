package io.galileosync.record;

/** A device with the supply and battery voltage of its newest record (null when it has none). */
public record DeviceOverview(Device device, Integer supplyVoltage, Integer batteryVoltage) {
}
