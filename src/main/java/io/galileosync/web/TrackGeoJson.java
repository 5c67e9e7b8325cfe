package io.galileosync.web;

import io.galileosync.config.ApiParams;
import io.galileosync.store.StoredRecord;
import io.galileosync.store.TrackRecord;
import java.util.Iterator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.http.MediaType;
import tools.jackson.core.JsonGenerator;

/**
 * A device's track as a GeoJSON FeatureCollection (RFC 7946), written while the fixes stream from the store:
 * first one LineString Feature of all fixes, then one Point Feature per fix. Positions are
 * {@code [longitude, latitude]}, the RFC's order.
 */
final class TrackGeoJson {

    static final MediaType MEDIA_TYPE = new MediaType("application", "geo+json");

    private TrackGeoJson() {
    }

    /** @param fixes opens the valid fixes in time order; opened twice, for the line and then for the points */
    static void write(JsonGenerator json, String imei, Supplier<Stream<StoredRecord>> fixes) {
        json.writeStartObject();
        json.writeStringProperty("type", "FeatureCollection");
        json.writeArrayPropertyStart("features");
        writeLine(json, imei, fixes.get().map(StoredRecord::record).iterator());
        fixes.get().forEach(fix -> writePoint(json, fix.record()));
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * The line's properties follow its geometry: the count and the first and last fix times are known only
     * once the coordinates are written.
     */
    private static void writeLine(JsonGenerator json, String imei, Iterator<TrackRecord> fixes) {
        json.writeStartObject();
        json.writeStringProperty("type", "Feature");
        json.writeName("geometry");
        TrackRecord first = fixes.hasNext() ? fixes.next() : null;
        TrackRecord last = first;
        long points = first == null ? 0 : 1;
        if (fixes.hasNext()) {
            json.writeStartObject();
            json.writeStringProperty("type", "LineString");
            json.writeArrayPropertyStart("coordinates");
            writePosition(json, first);
            while (fixes.hasNext()) {
                last = fixes.next();
                writePosition(json, last);
                points++;
            }
            json.writeEndArray();
            json.writeEndObject();
        } else {
            // RFC 7946 3.1.4: a LineString has two or more positions, so a track of fewer has no geometry
            json.writeNull();
        }
        json.writeObjectPropertyStart("properties");
        json.writeStringProperty("imei", imei);
        json.writeStringProperty("from", first == null ? null : ApiParams.iso(first.timeMs()));
        json.writeStringProperty("to", last == null ? null : ApiParams.iso(last.timeMs()));
        json.writeNumberProperty("points", points);
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writePoint(JsonGenerator json, TrackRecord fix) {
        json.writeStartObject();
        json.writeStringProperty("type", "Feature");
        json.writeObjectPropertyStart("geometry");
        json.writeStringProperty("type", "Point");
        json.writeName("coordinates");
        writePosition(json, fix);
        json.writeEndObject();
        json.writeObjectPropertyStart("properties");
        json.writeStringProperty("time", ApiParams.iso(fix.timeMs()));
        json.writePOJOProperty("speed", fix.speed());
        json.writePOJOProperty("course", fix.course());
        json.writePOJOProperty("altitude", fix.altitude());
        json.writePOJOProperty("satellites", fix.satellites());
        json.writeNumberProperty("recordNumber", fix.recordNumber());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writePosition(JsonGenerator json, TrackRecord fix) {
        json.writeStartArray();
        json.writeNumber(fix.longitude());
        json.writeNumber(fix.latitude());
        json.writeEndArray();
    }
}
