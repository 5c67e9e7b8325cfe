package io.galileosync.web;

import io.galileosync.config.ApiParams;
import static io.galileosync.web.TestRecords.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/devices}: the device list, one device, its GeoJSON track and its CSV export. */
class DeviceApiTest extends HttpApiTest {

    private static final String IMEI = "868204005647838";
    private static final String SILENT = "300234063907660";

    @Test
    void listsEveryDeviceWithItsLastPositionAndTheVoltagesOfItsNewestRecord() throws Exception {
        db.device(SILENT).set("hardware_version", null).set("firmware_version", null).set("device_number", null)
                .set("remote_address", null).insert();
        db.device(IMEI).set("record_count", 3).set("last_time_ms", ms("2024-05-01T10:00:01Z"))
                .set("last_latitude", 53.612224).set("last_longitude", 86.890424).insert();
        db.record(IMEI, "2024-05-01T10:00:00Z", 1).set("supply_voltage", 12000).set("battery_voltage", 4000).insert();
        // the newest record: the latest time, and of the two at that time the higher record number
        db.record(IMEI, "2024-05-01T10:00:01Z", 3).set("supply_voltage", 12200).set("battery_voltage", 4100).insert();
        db.record(IMEI, "2024-05-01T10:00:01Z", 2).set("supply_voltage", 12100).set("battery_voltage", 4050).insert();

        JsonNode devices = api.json("/api/devices");

        assertThat(devices.findValuesAsString("imei")).containsExactly(SILENT, IMEI);
        JsonNode d = devices.get(1);
        assertThat(d.propertyNames()).containsExactly("imei", "hardwareVersion", "firmwareVersion", "deviceNumber",
                "firstSeen", "lastSeen", "remoteAddress", "recordCount", "lastPosition", "supplyVoltage",
                "batteryVoltage");
        assertThat(d.get("hardwareVersion").asInt()).isEqualTo(17);
        assertThat(d.get("firmwareVersion").asInt()).isEqualTo(224);
        assertThat(d.get("deviceNumber").asInt()).isEqualTo(3);
        assertThat(d.get("firstSeen").asString()).isEqualTo("2024-05-01T08:00:00.000Z");
        assertThat(d.get("lastSeen").asString()).isEqualTo("2024-05-01T18:00:00.000Z");
        assertThat(d.get("remoteAddress").asString()).isEqualTo("10.0.0.7:50123");
        assertThat(d.get("recordCount").asLong()).isEqualTo(3);
        assertThat(d.get("lastPosition").propertyNames()).containsExactly("latitude", "longitude", "timestamp");
        assertThat(d.at("/lastPosition/latitude").doubleValue()).isEqualTo(53.612224);
        assertThat(d.at("/lastPosition/longitude").doubleValue()).isEqualTo(86.890424);
        assertThat(d.at("/lastPosition/timestamp").asString()).isEqualTo("2024-05-01T10:00:01.000Z");
        assertThat(d.get("supplyVoltage").asInt()).isEqualTo(12200);
        assertThat(d.get("batteryVoltage").asInt()).isEqualTo(4100);

        JsonNode silent = devices.get(0);
        assertThat(silent.size()).isEqualTo(11);
        for (String field : List.of("hardwareVersion", "firmwareVersion", "deviceNumber", "remoteAddress",
                "lastPosition", "supplyVoltage", "batteryVoltage")) {
            assertThat(silent.get(field).isNull()).as(field).isTrue();
        }
        assertThat(silent.get("recordCount").asLong()).isZero();

        assertThat(api.json("/api/devices/" + IMEI)).isEqualTo(d);
    }

    @Test
    void trackIsGeoJsonOfTheValidFixesInTimeOrder() throws Exception {
        db.device(IMEI).insert();
        db.record(IMEI, "2024-05-01T10:00:20Z", 3).set("latitude", 53.3).set("longitude", 86.3).insert();
        db.record(IMEI, "2024-05-01T10:00:00Z", 1).set("latitude", 53.1).set("longitude", 86.1)
                .set("speed", 12.5).set("course", 90.0).set("altitude", 210).set("satellites", 11).insert();
        db.record(IMEI, "2024-05-01T10:00:05Z", 9).set("fix_valid", false).insert();
        db.record(IMEI, "2024-05-01T10:00:07Z", 8).set("latitude", null).set("longitude", null).insert();
        db.record(IMEI, "2024-05-01T10:00:10Z", 2).set("latitude", 53.2).set("longitude", 86.2).insert();

        HttpResponse<String> response = api.get("/api/devices/" + IMEI + "/track");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/geo+json"));
        JsonNode collection = ApiClient.parse(response);
        assertThat(collection.get("type").asString()).isEqualTo("FeatureCollection");
        JsonNode features = collection.get("features");
        assertThat(features.size()).isEqualTo(4);

        JsonNode line = features.get(0);
        assertThat(line.get("type").asString()).isEqualTo("Feature");
        assertThat(line.at("/geometry/type").asString()).isEqualTo("LineString");
        assertThat(positions(line.at("/geometry/coordinates")))
                .containsExactly("[86.1, 53.1]", "[86.2, 53.2]", "[86.3, 53.3]");
        JsonNode lineProperties = line.get("properties");
        assertThat(lineProperties.get("imei").asString()).isEqualTo(IMEI);
        assertThat(lineProperties.get("from").asString()).isEqualTo("2024-05-01T10:00:00.000Z");
        assertThat(lineProperties.get("to").asString()).isEqualTo("2024-05-01T10:00:20.000Z");
        assertThat(lineProperties.get("points").asInt()).isEqualTo(3);

        JsonNode point = features.get(1);
        assertThat(point.get("type").asString()).isEqualTo("Feature");
        assertThat(point.at("/geometry/type").asString()).isEqualTo("Point");
        assertThat(positions(List.of(point.at("/geometry/coordinates")))).containsExactly("[86.1, 53.1]");
        assertThat(point.get("properties").propertyNames())
                .containsExactly("time", "speed", "course", "altitude", "satellites", "recordNumber");
        assertThat(point.at("/properties/time").asString()).isEqualTo("2024-05-01T10:00:00.000Z");
        assertThat(point.at("/properties/speed").doubleValue()).isEqualTo(12.5);
        assertThat(point.at("/properties/course").doubleValue()).isEqualTo(90.0);
        assertThat(point.at("/properties/altitude").asInt()).isEqualTo(210);
        assertThat(point.at("/properties/satellites").asInt()).isEqualTo(11);
        assertThat(point.at("/properties/recordNumber").asInt()).isEqualTo(1);
        assertThat(List.of(features.get(2), features.get(3)))
                .extracting(f -> f.at("/properties/recordNumber").asInt()).containsExactly(2, 3);

        JsonNode window = api.json("/api/devices/" + IMEI + "/track?from=2024-05-01T10:00:10Z&to=2024-05-01T10:00:20Z");
        assertThat(positions(window.at("/features/0/geometry/coordinates")))
                .containsExactly("[86.2, 53.2]", "[86.3, 53.3]");
        assertThat(window.get("features").size()).isEqualTo(3);
    }

    @Test
    void aTrackOfFewerThanTwoFixesHasALineFeatureWithoutGeometry() throws Exception {
        db.device(IMEI).insert();
        db.record(IMEI, "2024-05-01T10:00:00Z", 1).insert();

        JsonNode one = api.json("/api/devices/" + IMEI + "/track");
        assertThat(one.at("/features/0/geometry").isNull()).isTrue();
        assertThat(one.at("/features/0/properties/points").asInt()).isEqualTo(1);
        assertThat(one.at("/features/0/properties/from").asString()).isEqualTo("2024-05-01T10:00:00.000Z");
        assertThat(one.at("/features/1/geometry/type").asString()).isEqualTo("Point");

        JsonNode none = api.json("/api/devices/" + IMEI + "/track?from=2024-06-01");
        assertThat(none.get("features").size()).isEqualTo(1);
        assertThat(none.at("/features/0/geometry").isNull()).isTrue();
        assertThat(none.at("/features/0/properties/points").asInt()).isZero();
        assertThat(none.at("/features/0/properties/from").isNull()).isTrue();
        assertThat(none.at("/features/0/properties/to").isNull()).isTrue();
    }

    @Test
    void csvExportHasAHeaderRowAndQuotesPerRfc4180() throws Exception {
        db.device(IMEI).insert();
        db.record(IMEI, "2024-05-01T10:00:00Z", 1)
                .set("latitude", 53.612224).set("longitude", 0.0001).set("speed", 12.0)
                .set("attributes", "{\"driver\":\"Smith, \\\"Bob\\\"\",\"in0\":12000}")
                .set("received_at", ms("2024-05-01T10:00:01.250Z")).set("origin_seq", 77)
                .insert();
        db.record(IMEI, "2024-05-01T10:00:02Z", -1).set("latitude", null).set("longitude", null)
                .set("fix_valid", null).set("supply_voltage", null).set("received_at", ms("2024-05-01T10:00:03Z"))
                .set("origin_seq", 78).insert();

        HttpResponse<String> response = api.get("/api/devices/" + IMEI + "/records.csv");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + IMEI + "-records.csv\"");
        assertThat(response.body()).isEqualTo(String.join("\r\n",
                "deviceImei,timestamp,latitude,longitude,satellites,speed,course,altitude,hdop,status,"
                        + "supplyVoltage,batteryVoltage,temperature,outputs,inputs,recordNumber,fixValid,receivedAt,"
                        + "originNode,originSeq,attributes",
                IMEI + ",2024-05-01T10:00:00.000Z,53.612224,0.0001,9,12,180,150,0.9,0,12400,4100,21,0,1,1,true,"
                        + "2024-05-01T10:00:01.250Z," + TestRecords.NODE + ",77,"
                        + "\"{\"\"driver\"\":\"\"Smith, \\\"\"Bob\\\"\"\"\",\"\"in0\"\":12000}\"",
                IMEI + ",2024-05-01T10:00:02.000Z,,,9,42.5,180,150,0.9,0,,4100,21,0,1,-1,,"
                        + "2024-05-01T10:00:03.000Z," + TestRecords.NODE + ",78,{}",
                ""));
    }

    @Test
    void csvExportStreamsEveryRecordOnceInTimeOrder() throws Exception {
        db.device(IMEI).insert();
        // more than two fetch chunks, with two records per second so chunk boundaries fall inside a second
        int count = 2_501;
        db.records(IMEI, "2024-05-01T00:00:00Z", count);
        db.record("868204005647839", "2024-05-01T00:00:30Z", 0).insert();

        HttpResponse<String> response = api.get("/api/devices/" + IMEI + "/records.csv");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> rows = Arrays.asList(response.body().split("\r\n"));
        assertThat(rows).hasSize(count + 1);
        List<String> keys = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] fields = row.split(",");
            keys.add(fields[1] + " #" + fields[15]);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(ApiParams.iso(ms("2024-05-01T00:00:00Z") + (i / 2) * 1000L) + " #" + i % 2);
        }
        assertThat(keys).isEqualTo(expected);

        String window = api.get("/api/devices/" + IMEI
                + "/records.csv?from=2024-05-01T00:10:00Z&to=2024-05-01T00:10:01Z").body();
        assertThat(window.split("\r\n")).hasSize(1 + 4);
    }

    private static List<String> positions(Iterable<JsonNode> coordinates) {
        List<String> positions = new ArrayList<>();
        coordinates.forEach(p -> {
            assertThat(p.size()).isEqualTo(2);
            positions.add("[" + p.get(0).doubleValue() + ", " + p.get(1).doubleValue() + "]");
        });
        return positions;
    }
}
