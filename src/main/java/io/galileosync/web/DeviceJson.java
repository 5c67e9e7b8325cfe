package io.galileosync.web;

import io.galileosync.config.ApiParams;
import io.galileosync.store.DeviceOverview;
import io.swagger.v3.oas.annotations.media.Schema;

/** A device as the API shows it. */
record DeviceJson(
        String imei,
        Integer hardwareVersion,
        Integer firmwareVersion,
        Integer deviceNumber,
        String firstSeen,
        String lastSeen,
        String remoteAddress,
        long recordCount,
        @Schema(description = "the newest valid fix; null before the first one") Position lastPosition,
        @Schema(description = "mV, from the newest record") Integer supplyVoltage,
        @Schema(description = "mV, from the newest record") Integer batteryVoltage) {

    @Schema(name = "DevicePosition")
    record Position(double latitude, double longitude, String timestamp) {
    }

    static DeviceJson from(DeviceOverview d) {
        Position last = d.lastTimeMs() == null || d.lastLatitude() == null || d.lastLongitude() == null
                ? null
                : new Position(d.lastLatitude(), d.lastLongitude(), ApiParams.iso(d.lastTimeMs()));
        return new DeviceJson(d.imei(), d.hardwareVersion(), d.firmwareVersion(), d.deviceNumber(),
                ApiParams.iso(d.firstSeen()), ApiParams.iso(d.lastSeen()), d.remoteAddress(), d.recordCount(), last,
                d.supplyVoltage(), d.batteryVoltage());
    }
}
