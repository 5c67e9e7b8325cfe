package io.galileosync.sync;

import io.galileosync.store.StoredRecord;
import io.galileosync.store.TrackRecord;
import java.util.Map;

/**
 * A record on the wire (peer batches, export files): the sync protocol's own shape, mapped to and from the
 * store's, so a change of the store's types never changes what peers and files see.
 */
public record WireRecord(Track record, String originNode, long originSeq, long receivedAt) {

    static WireRecord of(StoredRecord stored) {
        return new WireRecord(Track.of(stored.record()), stored.originNode(), stored.originSeq(), stored.receivedAt());
    }

    StoredRecord toStored() {
        return new StoredRecord(record.toTrackRecord(), originNode, originSeq, receivedAt);
    }

    /** The record itself, field by field as the protocol names them. */
    public record Track(String imei, long timeMs, int recordNumber, Double latitude, Double longitude,
                        Integer satellites, Boolean fixValid, Double speed, Double course, Integer altitude,
                        Double hdop, Integer status, Integer supplyVoltage, Integer batteryVoltage,
                        Integer temperature, Integer outputs, Integer inputs, Map<String, Object> attributes) {

        public static Track of(TrackRecord r) {
            return new Track(r.imei(), r.timeMs(), r.recordNumber(), r.latitude(), r.longitude(), r.satellites(),
                    r.fixValid(), r.speed(), r.course(), r.altitude(), r.hdop(), r.status(), r.supplyVoltage(),
                    r.batteryVoltage(), r.temperature(), r.outputs(), r.inputs(), r.attributes());
        }

        public TrackRecord toTrackRecord() {
            return new TrackRecord(imei, timeMs, recordNumber, latitude, longitude, satellites, fixValid, speed,
                    course, altitude, hdop, status, supplyVoltage, batteryVoltage, temperature, outputs, inputs,
                    attributes);
        }
    }
}
