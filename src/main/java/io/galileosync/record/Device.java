package io.galileosync.record;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A tracker this node has heard from, read side only ({@link RecordWriter} keeps the row current). The last
 * position is that of the newest valid fix, which may be older than the newest record.
 */
@Entity
@Immutable
@Table(name = "devices")
public class Device {

    @Id
    private String imei;
    private Integer hardwareVersion;
    private Integer firmwareVersion;
    private Integer deviceNumber;
    private long firstSeen;
    private long lastSeen;
    private String remoteAddress;
    private long recordCount;
    private Long lastTimeMs;
    private Double lastLatitude;
    private Double lastLongitude;

    protected Device() {
    }

    public String getImei() {
        return imei;
    }

    public Integer getHardwareVersion() {
        return hardwareVersion;
    }

    public Integer getFirmwareVersion() {
        return firmwareVersion;
    }

    public Integer getDeviceNumber() {
        return deviceNumber;
    }

    public long getFirstSeen() {
        return firstSeen;
    }

    public long getLastSeen() {
        return lastSeen;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }

    public long getRecordCount() {
        return recordCount;
    }

    public Long getLastTimeMs() {
        return lastTimeMs;
    }

    public Double getLastLatitude() {
        return lastLatitude;
    }

    public Double getLastLongitude() {
        return lastLongitude;
    }
}
