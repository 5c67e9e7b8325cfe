package io.galileosync.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A row of the records table for the query side (the writer inserts rows with plain JDBC, so the entity is
 * immutable: Hibernate never dirty-checks or writes it). Field meanings are those of {@link TrackRecord}.
 */
@Entity
@Immutable
@Table(name = "records")
class RecordRow {

    @Id
    private long id;
    private String imei;
    private long timeMs;
    private int recordNumber;
    private Double latitude;
    private Double longitude;
    private Integer satellites;
    private Boolean fixValid;
    private Double speed;
    private Double course;
    private Integer altitude;
    private Double hdop;
    private Integer status;
    private Integer supplyVoltage;
    private Integer batteryVoltage;
    private Integer temperature;
    private Integer outputs;
    private Integer inputs;
    private String attributes;
    private long receivedAt;
    private String originNode;
    private long originSeq;

    protected RecordRow() {
    }

    long timeMs() {
        return timeMs;
    }

    int recordNumber() {
        return recordNumber;
    }

    StoredRecord toStored() {
        return new StoredRecord(new TrackRecord(imei, timeMs, recordNumber, latitude, longitude, satellites, fixValid,
                speed, course, altitude, hdop, status, supplyVoltage, batteryVoltage, temperature, outputs, inputs,
                RecordTable.attributes(attributes)), originNode, originSeq, receivedAt);
    }
}
