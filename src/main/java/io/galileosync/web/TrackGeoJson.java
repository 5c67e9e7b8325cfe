package io.galileosync.web;

import io.galileosync.record.StoredRecordEntity;
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
    static void write(JsonGenerator json, String imei, Supplier<Stream<StoredRecordEntity>> fixes) {
        json.writeStartObject();
        json.writeStringProperty("type", "FeatureCollection");
        json.writeArrayPropertyStart("features");
        writeLine(json, imei, fixes.get().iterator());
        fixes.get().forEach(fix -> writePoint(json, fix));
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * The line's properties follow its geometry: the count and the first and last fix times are known only
     * once the coordinates are written.
     */
    private static void writeLine(JsonGenerator json, String imei, Iterator<StoredRecordEntity> fixes) {
        json.writeStartObject();
        json.writeStringProperty("type", "Feature");
        json.writeName("geometry");
        StoredRecordEntity first = fixes.hasNext() ? fixes.next() : null;
        StoredRecordEntity last = first;
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
        json.writeStringProperty("from", first == null ? null : ApiParams.iso(first.getTimeMs()));
        json.writeStringProperty("to", last == null ? null : ApiParams.iso(last.getTimeMs()));
        json.writeNumberProperty("points", points);
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writePoint(JsonGenerator json, StoredRecordEntity fix) {
        json.writeStartObject();
        json.writeStringProperty("type", "Feature");
        json.writeObjectPropertyStart("geometry");
        json.writeStringProperty("type", "Point");
        json.writeName("coordinates");
        writePosition(json, fix);
        json.writeEndObject();
        json.writeObjectPropertyStart("properties");
        json.writeStringProperty("time", ApiParams.iso(fix.getTimeMs()));
        json.writePOJOProperty("speed", fix.getSpeed());
        json.writePOJOProperty("course", fix.getCourse());
        json.writePOJOProperty("altitude", fix.getAltitude());
        json.writePOJOProperty("satellites", fix.getSatellites());
        json.writeNumberProperty("recordNumber", fix.getRecordNumber());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writePosition(JsonGenerator json, StoredRecordEntity fix) {
        json.writeStartArray();
        json.writeNumber(fix.getLongitude());
        json.writeNumber(fix.getLatitude());
        json.writeEndArray();
    }
}
