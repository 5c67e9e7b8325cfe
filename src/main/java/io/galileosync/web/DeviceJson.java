package io.galileosync.web;

import io.galileosync.record.Device;
import io.galileosync.record.DeviceOverview;
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

    static DeviceJson from(DeviceOverview overview) {
        Device d = overview.device();
        Position last = d.getLastTimeMs() == null || d.getLastLatitude() == null || d.getLastLongitude() == null
                ? null
                : new Position(d.getLastLatitude(), d.getLastLongitude(), ApiParams.iso(d.getLastTimeMs()));
        return new DeviceJson(d.getImei(), d.getHardwareVersion(), d.getFirmwareVersion(), d.getDeviceNumber(),
                ApiParams.iso(d.getFirstSeen()), ApiParams.iso(d.getLastSeen()), d.getRemoteAddress(),
                d.getRecordCount(), last, overview.supplyVoltage(), overview.batteryVoltage());
    }
}
