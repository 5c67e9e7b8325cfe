package io.galileosync.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** A row of the devices table for the query side ({@link DeviceChange} keeps it current with plain JDBC). */
@Entity
@Immutable
@Table(name = "devices")
class DeviceRow {

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

    protected DeviceRow() {
    }
}
