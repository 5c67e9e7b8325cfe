package io.galileosync.store;

import java.util.Map;
import java.util.function.Function;

/** The record's own fields besides its key and attributes, in the order the body and the canonical form keep them. */
enum CoreField {
    LATITUDE(Kind.DOUBLE, TrackRecord::latitude),
    LONGITUDE(Kind.DOUBLE, TrackRecord::longitude),
    SATELLITES(Kind.INT, TrackRecord::satellites),
    FIX_VALID(Kind.BOOLEAN, TrackRecord::fixValid),
    SPEED(Kind.DOUBLE, TrackRecord::speed),
    COURSE(Kind.DOUBLE, TrackRecord::course),
    ALTITUDE(Kind.INT, TrackRecord::altitude),
    HDOP(Kind.DOUBLE, TrackRecord::hdop),
    STATUS(Kind.INT, TrackRecord::status),
    SUPPLY_VOLTAGE(Kind.INT, TrackRecord::supplyVoltage),
    BATTERY_VOLTAGE(Kind.INT, TrackRecord::batteryVoltage),
    TEMPERATURE(Kind.INT, TrackRecord::temperature),
    OUTPUTS(Kind.INT, TrackRecord::outputs),
    INPUTS(Kind.INT, TrackRecord::inputs);

    enum Kind { DOUBLE, INT, BOOLEAN }

    static final CoreField[] ALL = values();

    final Kind kind;
    private final Function<TrackRecord, Object> getter;

    CoreField(Kind kind, Function<TrackRecord, Object> getter) {
        this.kind = kind;
        this.getter = getter;
    }

    Object get(TrackRecord record) {
        return getter.apply(record);
    }

    /** A record of these field values, in {@link #ALL}'s order. */
    static TrackRecord record(String imei, long timeMs, int recordNumber, Object[] v, Map<String, Object> attributes) {
        return new TrackRecord(imei, timeMs, recordNumber, (Double) v[0], (Double) v[1], (Integer) v[2],
                (Boolean) v[3], (Double) v[4], (Double) v[5], (Integer) v[6], (Double) v[7], (Integer) v[8],
                (Integer) v[9], (Integer) v[10], (Integer) v[11], (Integer) v[12], (Integer) v[13], attributes);
    }
}
