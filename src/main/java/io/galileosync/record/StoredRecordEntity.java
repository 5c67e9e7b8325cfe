package io.galileosync.record;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Map;
import org.hibernate.annotations.Immutable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stored record, read side only: {@link RecordWriter} inserts rows with plain JDBC, so the entity is
 * immutable (Hibernate never dirty-checks or writes it). Field meanings are those of {@link TrackRecord}.
 */
@Entity
@Immutable
@Table(name = "records")
public class StoredRecordEntity {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {
    };

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
    @Column(name = "attributes")
    private String attributesJson;
    private long receivedAt;
    private String originNode;
    private long originSeq;

    protected StoredRecordEntity() {
    }

    public long getId() {
        return id;
    }

    public String getImei() {
        return imei;
    }

    public long getTimeMs() {
        return timeMs;
    }

    public int getRecordNumber() {
        return recordNumber;
    }

    public Double getLatitude() {
        return latitude;
    }

    public Double getLongitude() {
        return longitude;
    }

    public Integer getSatellites() {
        return satellites;
    }

    public Boolean getFixValid() {
        return fixValid;
    }

    public Double getSpeed() {
        return speed;
    }

    public Double getCourse() {
        return course;
    }

    public Integer getAltitude() {
        return altitude;
    }

    public Double getHdop() {
        return hdop;
    }

    public Integer getStatus() {
        return status;
    }

    public Integer getSupplyVoltage() {
        return supplyVoltage;
    }

    public Integer getBatteryVoltage() {
        return batteryVoltage;
    }

    public Integer getTemperature() {
        return temperature;
    }

    public Integer getOutputs() {
        return outputs;
    }

    public Integer getInputs() {
        return inputs;
    }

    /** The attributes as stored: a JSON object text. */
    public String getAttributesJson() {
        return attributesJson;
    }

    /** The attributes parsed from their JSON text, in stored order. */
    public Map<String, Object> getAttributes() {
        return JSON.readValue(attributesJson, ATTRIBUTES);
    }

    public long getReceivedAt() {
        return receivedAt;
    }

    public String getOriginNode() {
        return originNode;
    }

    public long getOriginSeq() {
        return originSeq;
    }
}
