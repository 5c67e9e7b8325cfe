package io.galileosync.web;

import io.galileosync.config.ApiParams;
import io.galileosync.store.StoredRecord;
import io.galileosync.store.TrackRecord;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** A record as the API shows it; absent values are null, never left out, so every record has every field. */
record RecordJson(
        String deviceImei,
        @Schema(example = "2019-06-11T10:32:46.000Z") String timestamp,
        Double latitude,
        Double longitude,
        Integer satellites,
        @Schema(description = "km/h") Double speed,
        @Schema(description = "degrees") Double course,
        @Schema(description = "metres") Integer altitude,
        Double hdop,
        Integer status,
        @Schema(description = "mV") Integer supplyVoltage,
        @Schema(description = "mV") Integer batteryVoltage,
        @Schema(description = "°C") Integer temperature,
        Integer outputs,
        Integer inputs,
        @Schema(description = "the tracker's archive number, -1 when it sent none") int recordNumber,
        @Schema(description = "every tag that has no field of its own, by name") Map<String, Object> attributes,
        Boolean fixValid,
        String receivedAt,
        Origin origin) {

    /** The node that stored the record first, and that node's sequence number for it. */
    @Schema(name = "RecordOrigin")
    record Origin(String node, long seq) {
    }

    static RecordJson from(StoredRecord stored) {
        TrackRecord r = stored.record();
        return new RecordJson(r.imei(), ApiParams.iso(r.timeMs()), r.latitude(), r.longitude(), r.satellites(),
                r.speed(), r.course(), r.altitude(), r.hdop(), r.status(), r.supplyVoltage(), r.batteryVoltage(),
                r.temperature(), r.outputs(), r.inputs(), r.recordNumber(), r.attributes(), r.fixValid(),
                ApiParams.iso(stored.receivedAt()), new Origin(stored.originNode(), stored.originSeq()));
    }
}
