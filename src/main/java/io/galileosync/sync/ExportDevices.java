package io.galileosync.sync;

import io.galileosync.store.DeviceOverview;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trackers as the original app's exports and {@code devices.json} carried them ({@code {imei: {firstSeen,
 * lastSeen, recordCount, totalRecords, clientAddress, lastLocation}}}) and its {@code lastIMEI} (the tracker
 * heard from last), so a file or answer of ours reads like one of its own.
 */
public final class ExportDevices {

    private ExportDevices() {
    }

    public static Map<String, Object> devices(List<DeviceOverview> devices) {
        Map<String, Object> byImei = new LinkedHashMap<>();
        for (DeviceOverview d : devices) {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("firstSeen", Instant.ofEpochMilli(d.firstSeen()).toString());
            device.put("lastSeen", Instant.ofEpochMilli(d.lastSeen()).toString());
            device.put("recordCount", d.recordCount());
            device.put("totalRecords", d.recordCount());
            device.put("clientAddress", d.remoteAddress());
            device.put("lastLocation", d.lastTimeMs() == null || d.lastLatitude() == null || d.lastLongitude() == null
                    ? null : Map.of(
                    "latitude", d.lastLatitude(), "longitude", d.lastLongitude(),
                    "timestamp", Instant.ofEpochMilli(d.lastTimeMs()).toString()));
            byImei.put(d.imei(), device);
        }
        return byImei;
    }

    /** The IMEI of the tracker heard from last, or null when there is none. */
    public static String lastImei(List<DeviceOverview> devices) {
        DeviceOverview last = null;
        for (DeviceOverview d : devices) {
            if (last == null || d.lastSeen() > last.lastSeen()) {
                last = d;
            }
        }
        return last == null ? null : last.imei();
    }
}
