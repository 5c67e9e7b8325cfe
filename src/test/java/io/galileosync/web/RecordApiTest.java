package io.galileosync.web;

import static io.galileosync.web.TestRecords.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/records} and {@code /api/quarantine}, the record store's paged lists. */
class RecordApiTest extends HttpApiTest {

    private static final String IMEI = "868204005647838";
    private static final String OTHER = "868204005647839";

    @Test
    void aRecordHasExactlyTheDocumentedFieldsAndFormats() throws Exception {
        db.record(IMEI, "2019-06-11T10:32:46Z", 7)
                .set("latitude", 53.612224).set("longitude", 86.890424).set("satellites", 7).set("speed", 12.3)
                .set("course", 271.5).set("altitude", 214).set("hdop", 1.2).set("status", 0x8000)
                .set("supply_voltage", 12876).set("battery_voltage", 4087).set("temperature", -5)
                .set("outputs", 2).set("inputs", 5)
                .set("attributes", "{\"in0\":12000,\"oneWireTemps\":[21.5,-3.0],\"can\":{\"fuelLevel\":55}}")
                .set("received_at", ms("2019-06-11T10:33:00.123Z")).set("origin_node", "node-a").set("origin_seq", 42)
                .insert();

        JsonNode records = api.json("/api/records?imei=" + IMEI);

        assertThat(records.size()).isEqualTo(1);
        JsonNode r = records.get(0);
        assertThat(r.propertyNames()).containsExactly("deviceImei", "timestamp", "latitude", "longitude",
                "satellites", "speed", "course", "altitude", "hdop", "status", "supplyVoltage", "batteryVoltage",
                "temperature", "outputs", "inputs", "recordNumber", "attributes", "fixValid", "receivedAt", "origin");
        assertThat(r.get("deviceImei").asString()).isEqualTo(IMEI);
        assertThat(r.get("timestamp").asString()).isEqualTo("2019-06-11T10:32:46.000Z");
        assertThat(r.get("latitude").doubleValue()).isEqualTo(53.612224);
        assertThat(r.get("longitude").doubleValue()).isEqualTo(86.890424);
        assertThat(r.get("satellites").asInt()).isEqualTo(7);
        assertThat(r.get("speed").doubleValue()).isEqualTo(12.3);
        assertThat(r.get("course").doubleValue()).isEqualTo(271.5);
        assertThat(r.get("altitude").asInt()).isEqualTo(214);
        assertThat(r.get("hdop").doubleValue()).isEqualTo(1.2);
        assertThat(r.get("status").asInt()).isEqualTo(0x8000);
        assertThat(r.get("supplyVoltage").asInt()).isEqualTo(12876);
        assertThat(r.get("batteryVoltage").asInt()).isEqualTo(4087);
        assertThat(r.get("temperature").asInt()).isEqualTo(-5);
        assertThat(r.get("outputs").asInt()).isEqualTo(2);
        assertThat(r.get("inputs").asInt()).isEqualTo(5);
        assertThat(r.get("recordNumber").asInt()).isEqualTo(7);
        assertThat(r.get("fixValid").asBoolean()).isTrue();
        assertThat(r.get("receivedAt").asString()).isEqualTo("2019-06-11T10:33:00.123Z");
        assertThat(r.get("origin").propertyNames()).containsExactly("node", "seq");
        assertThat(r.at("/origin/node").asString()).isEqualTo("node-a");
        assertThat(r.at("/origin/seq").asLong()).isEqualTo(42);

        JsonNode attributes = r.get("attributes");
        assertThat(attributes.isObject()).as("attributes is a JSON object, not a string").isTrue();
        assertThat(attributes.get("in0").asInt()).isEqualTo(12000);
        assertThat(attributes.get("oneWireTemps").get(1).doubleValue()).isEqualTo(-3.0);
        assertThat(attributes.at("/can/fuelLevel").asInt()).isEqualTo(55);
    }

    @Test
    void valuesTheTrackerDidNotSendAreNullNotMissing() throws Exception {
        db.record(IMEI, "2024-05-01T10:00:00Z", -1)
                .set("latitude", null).set("longitude", null).set("satellites", null).set("fix_valid", null)
                .set("speed", null).set("course", null).set("altitude", null).set("hdop", null).set("status", null)
                .set("supply_voltage", null).set("battery_voltage", null).set("temperature", null)
                .set("outputs", null).set("inputs", null)
                .insert();

        JsonNode r = api.json("/api/records").get(0);

        assertThat(r.size()).isEqualTo(20);
        for (String field : List.of("latitude", "longitude", "satellites", "fixValid", "speed", "course",
                "altitude", "hdop", "status", "supplyVoltage", "batteryVoltage", "temperature", "outputs", "inputs")) {
            assertThat(r.get(field).isNull()).as(field).isTrue();
        }
        assertThat(r.get("recordNumber").asInt()).isEqualTo(-1);
        assertThat(r.get("attributes").isObject()).isTrue();
        assertThat(r.get("attributes").size()).isZero();
    }

    @Test
    void recordsAreInTimeOrderThenRecordNumberAcrossDevices() throws Exception {
        db.record(IMEI, "2024-05-01T10:00:02Z", 1).insert();
        db.record(OTHER, "2024-05-01T10:00:01Z", 5).insert();
        db.record(IMEI, "2024-05-01T10:00:01Z", 3).insert();
        db.record(IMEI, "2024-05-01T10:00:01Z", 2).insert();
        db.record(OTHER, "2024-05-01T10:00:03Z", 0).insert();

        assertThat(keys(api.json("/api/records"))).containsExactly(
                IMEI + " 2024-05-01T10:00:01.000Z #2",
                IMEI + " 2024-05-01T10:00:01.000Z #3",
                OTHER + " 2024-05-01T10:00:01.000Z #5",
                IMEI + " 2024-05-01T10:00:02.000Z #1",
                OTHER + " 2024-05-01T10:00:03.000Z #0");
        assertThat(keys(api.json("/api/records?imei=" + IMEI))).containsExactly(
                IMEI + " 2024-05-01T10:00:01.000Z #2",
                IMEI + " 2024-05-01T10:00:01.000Z #3",
                IMEI + " 2024-05-01T10:00:02.000Z #1");
        assertThat(api.json("/api/records?imei=123456789012345").size()).isZero();
    }

    @Test
    void pagesByLimitAndOffsetWithTheTotalInAHeader() throws Exception {
        for (int i = 0; i < 10; i++) {
            db.record(IMEI, "2024-05-01T10:00:%02dZ".formatted(i), i).insert();
        }

        HttpResponse<String> page = api.get("/api/records?limit=3&offset=4");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Total-Count")).hasValue("10");
        assertThat(recordNumbers(ApiClient.parse(page))).containsExactly(4, 5, 6);

        assertThat(recordNumbers(api.json("/api/records?limit=3&offset=9"))).containsExactly(9);
        HttpResponse<String> beyond = api.get("/api/records?limit=3&offset=20");
        assertThat(ApiClient.parse(beyond).size()).isZero();
        assertThat(beyond.headers().firstValue("X-Total-Count")).hasValue("10");
        assertThat(recordNumbers(api.json("/api/records"))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        HttpResponse<String> filtered = api.get("/api/records?limit=2&from=2024-05-01T10:00:05Z");
        assertThat(recordNumbers(ApiClient.parse(filtered))).containsExactly(5, 6);
        assertThat(filtered.headers().firstValue("X-Total-Count")).hasValue("5");
    }

    @Test
    void orderDescIsNewestFirstByDeviceTimeAndPagesFromTheNewest() throws Exception {
        // received in another order than device time: the order is by device time, then record number
        db.record(IMEI, "2024-05-01T10:00:02Z", 1).set("received_at", ms("2024-05-01T09:00:00Z")).insert();
        db.record(OTHER, "2024-05-01T10:00:01Z", 5).insert();
        db.record(IMEI, "2024-05-01T10:00:01Z", 3).insert();
        db.record(IMEI, "2024-05-01T10:00:01Z", 2).insert();
        db.record(OTHER, "2024-05-01T10:00:03Z", 0).insert();

        assertThat(keys(api.json("/api/records?order=desc"))).containsExactly(
                OTHER + " 2024-05-01T10:00:03.000Z #0",
                IMEI + " 2024-05-01T10:00:02.000Z #1",
                OTHER + " 2024-05-01T10:00:01.000Z #5",
                IMEI + " 2024-05-01T10:00:01.000Z #3",
                IMEI + " 2024-05-01T10:00:01.000Z #2");
        assertThat(keys(api.json("/api/records?order=DESC&imei=" + IMEI))).containsExactly(
                IMEI + " 2024-05-01T10:00:02.000Z #1",
                IMEI + " 2024-05-01T10:00:01.000Z #3",
                IMEI + " 2024-05-01T10:00:01.000Z #2");
        assertThat(keys(api.json("/api/records?order=asc&imei=" + IMEI))).containsExactly(
                IMEI + " 2024-05-01T10:00:01.000Z #2",
                IMEI + " 2024-05-01T10:00:01.000Z #3",
                IMEI + " 2024-05-01T10:00:02.000Z #1");

        HttpResponse<String> second = api.get("/api/records?order=desc&imei=" + IMEI + "&limit=2&offset=2");
        assertThat(second.headers().firstValue("X-Total-Count")).hasValue("3");
        assertThat(recordNumbers(ApiClient.parse(second))).containsExactly(2);
        assertThat(recordNumbers(api.json("/api/records?order=desc&imei=" + IMEI + "&to=2024-05-01T10:00:01Z")))
                .containsExactly(3, 2);
    }

    @Test
    void anOrderOtherThanAscOrDescIsABadRequestInWords() throws Exception {
        HttpResponse<String> response = api.get("/api/records?order=newest");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(ApiClient.parse(response).get("detail").asString())
                .isEqualTo("order must be asc or desc, got 'newest'");
    }

    @Test
    void timeBoundsAreInclusiveInEveryAcceptedForm() throws Exception {
        db.record(IMEI, "2024-04-30T23:59:59.999Z", 1).insert();
        db.record(IMEI, "2024-05-01T00:00:00Z", 2).insert();
        db.record(IMEI, "2024-05-01T12:00:00Z", 3).insert();
        db.record(IMEI, "2024-05-02T00:00:00Z", 4).insert();
        db.record(IMEI, "2024-05-02T00:00:00.001Z", 5).insert();

        // a date is the start of that UTC day, at both ends
        assertThat(recordNumbers(api.json("/api/records?from=2024-05-01&to=2024-05-02"))).containsExactly(2, 3, 4);
        assertThat(recordNumbers(api.json("/api/records?from=2024-05-01T00:00:00Z&to=2024-05-01T12:00:00.000Z")))
                .containsExactly(2, 3);
        assertThat(recordNumbers(api.json("/api/records?from=%d&to=%d"
                .formatted(ms("2024-05-01T12:00:00Z"), ms("2024-05-02T00:00:00.001Z"))))).containsExactly(3, 4, 5);
        // an offset other than Z (the + escaped, or it would be a space)
        assertThat(recordNumbers(api.json("/api/records?from=2024-05-01T14:00:00%2B02:00"))).containsExactly(3, 4, 5);
        assertThat(recordNumbers(api.json("/api/records?to=2024-04-30T23:59:59.999Z"))).containsExactly(1);
        assertThat(recordNumbers(api.json("/api/records?from=2024-05-01T12:00:00Z&to=2024-05-01T12:00:00Z")))
                .containsExactly(3);
    }

    @Test
    void unknownQueryParametersAreIgnored() throws Exception {
        db.record(IMEI, "2024-05-01T10:00:00Z", 1).insert();

        assertThat(api.json("/api/records?colour=blue&imei=" + IMEI + "&page=7").size()).isEqualTo(1);
    }

    @Test
    void quarantineListsPacketsNewestFirstWithEveryField() throws Exception {
        db.quarantined("2024-05-01T10:00:00Z", "unknown tag 0xFE at offset 12").insert();
        db.quarantined("2024-05-01T12:00:00Z", "truncated tag 0x30").set("imei", null)
                .set("redecoded_at", ms("2024-05-02T09:30:00Z")).insert();
        db.quarantined("2024-05-01T11:00:00Z", "bad compressed header").set("header", 8).insert();

        HttpResponse<String> response = api.get("/api/quarantine");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Total-Count")).hasValue("3");
        JsonNode packets = ApiClient.parse(response);
        assertThat(packets.findValuesAsString("receivedAt"))
                .containsExactly("2024-05-01T12:00:00.000Z", "2024-05-01T11:00:00.000Z", "2024-05-01T10:00:00.000Z");

        JsonNode newest = packets.get(0);
        assertThat(newest.propertyNames()).containsExactly(
                "id", "receivedAt", "imei", "remoteAddress", "header", "reason", "frameHex", "redecodedAt");
        assertThat(newest.get("id").isIntegralNumber()).isTrue();
        assertThat(newest.get("imei").isNull()).isTrue();
        assertThat(newest.get("remoteAddress").asString()).isEqualTo("10.0.0.7:50123");
        assertThat(newest.get("header").asInt()).isEqualTo(1);
        assertThat(newest.get("reason").asString()).isEqualTo("truncated tag 0x30");
        assertThat(newest.get("frameHex").asString()).isEqualTo("01170001820210030401");
        assertThat(newest.get("redecodedAt").asString()).isEqualTo("2024-05-02T09:30:00.000Z");
        assertThat(packets.get(1).get("header").asInt()).isEqualTo(8);
        assertThat(packets.get(2).get("redecodedAt").isNull()).isTrue();

        assertThat(api.json("/api/quarantine?limit=1&offset=1").findValuesAsString("reason"))
                .containsExactly("bad compressed header");
    }

    private static List<String> keys(JsonNode records) {
        List<String> keys = new ArrayList<>();
        records.forEach(r -> keys.add(r.get("deviceImei").asString() + " " + r.get("timestamp").asString()
                + " #" + r.get("recordNumber").asInt()));
        return keys;
    }

    private static List<Integer> recordNumbers(JsonNode records) {
        List<Integer> numbers = new ArrayList<>();
        records.forEach(r -> numbers.add(r.get("recordNumber").asInt()));
        return numbers;
    }
}
