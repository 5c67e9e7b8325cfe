package io.galileosync.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import io.galileosync.sync.TestNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Migration from the original Node app, on real nodes over real HTTP: its export, its parsed_data.json and
 * devices.json through {@code POST /api/peer/import}, and its unsigned {@code POST /peer/sync} (opt-in).
 * The export is a real one of the old app, {@code src/test/resources/original-app/peer-export-example.json}
 * (copied from {@code ../shared/original-app/}; see the README beside it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyImportTest {

    private static final String IMEI = "861230043907626";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private TestNode plain;
    private TestNode legacy;
    private TestNode other;
    private final HttpClient http = HttpClient.newHttpClient();
    private byte[] example;

    @BeforeAll
    void start() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/original-app/peer-export-example.json")) {
            example = in.readAllBytes();
        }
        plain = TestNode.start("plain", dir.resolve("plain"));
        legacy = TestNode.start("legacy", dir.resolve("legacy"), "galileo.sync.legacy-push-enabled=true",
                "galileo.sync.max-body-bytes=1000000", "galileo.sync.batch-records=500");
        other = TestNode.start("other", dir.resolve("other"));
    }

    @AfterAll
    void stop() {
        for (TestNode node : new TestNode[] {plain, legacy, other}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    void importsTheOriginalAppsExportWithDeviceTimes() throws Exception {
        HttpResponse<String> response = post(plain, "/api/peer/import", example, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("format").asString()).isEqualTo("original-app-export");
        assertThat(answer.get("imported").asLong()).isEqualTo(3);
        assertThat(answer.get("duplicates").asLong()).isZero();
        assertThat(answer.get("skippedCount").asLong()).isEqualTo(1);
        assertThat(answer.get("skipped").get(0).get("index").asInt()).isZero();
        assertThat(answer.get("skipped").get(0).get("reason").asString()).contains("head packet");

        List<Map<String, Object>> rows = plain.recordRows().stream()
                .sorted(Comparator.comparing(row -> (Integer) row.get("RECORD_NUMBER"))).toList();
        assertThat(rows).hasSize(3);
        Map<String, Object> first = rows.get(0);
        assertThat(first.get("IMEI")).isEqualTo(IMEI);
        // datetime 2025-10-09T08:53:41.000Z + milliseconds 411, not the receive timestamp
        assertThat(first.get("TIME_MS")).isEqualTo(1_760_000_021_411L);
        assertThat(first.get("RECORD_NUMBER")).isEqualTo(0);
        assertThat(first.get("RECEIVED_AT")).isEqualTo(1_795_499_144_715L); // 2026-11-24T05:45:44.715Z
        assertThat(first.get("HDOP")).isEqualTo(2.0); // unscaled 20
        assertThat(first.get("ALTITUDE")).isEqualTo(1807);
        assertThat(first.get("LATITUDE")).isEqualTo(86.028425);
        assertThat(first.get("LONGITUDE")).isEqualTo(105.56298);
        assertThat(first.get("SPEED")).isEqualTo(5.9);
        assertThat(first.get("COURSE")).isEqualTo(344.2);
        assertThat(first.get("FIX_VALID")).isEqualTo(true);
        assertThat(first.get("OUTPUTS")).isEqualTo(15);
        assertThat(first.get("INPUTS")).isEqualTo(126);
        assertThat(first.get("ORIGIN_NODE")).isEqualTo(nodeId(plain));
        JsonNode attributes = JSON.readTree((String) first.get("ATTRIBUTES"));
        assertThat(attributes.get("analogInput0").asInt()).isEqualTo(3341);
        assertThat(attributes.get("analogInput3").asInt()).isEqualTo(429);
        assertThat(attributes.get("userData0").asLong()).isEqualTo(1672620529L);
        assertThat(attributes.has(LegacyFormat.LEGACY_TAGS)).isFalse();

        Map<String, Object> second = rows.get(1);
        // milliseconds 46494 (out of range in the old data) is added as our ingest adds tag 0x21
        assertThat(second.get("TIME_MS")).isEqualTo(1_760_000_072_494L);
        assertThat(second.get("HDOP")).isEqualTo(2.3);
        assertThat(second.get("LATITUDE")).isEqualTo(-32.774481);
        JsonNode secondAttributes = JSON.readTree((String) second.get("ATTRIBUTES"));
        assertThat(secondAttributes.get("analogInput4").asInt()).isEqualTo(34634);
        // tag 0x01 inside a data record ("Number Archive Records" to the old app) has no meaning of ours: kept
        assertThat(secondAttributes.get(LegacyFormat.LEGACY_TAGS).get("0x01").get("value").asInt()).isEqualTo(173);

        Map<String, Object> third = rows.get(2);
        assertThat(third.get("TIME_MS")).isEqualTo(1_760_000_043_000L); // no milliseconds
        assertThat(third.get("HDOP")).isEqualTo(2.7);
        assertThat(third.get("ALTITUDE")).isEqualTo(2971);

        Map<String, Object> device = plain.jdbc().sql("select * from devices where imei = ?").param(IMEI)
                .query().singleRow();
        assertThat(device.get("REMOTE_ADDRESS")).isEqualTo("127.0.0.1:54290");
        assertThat(device.get("FIRST_SEEN")).isEqualTo(1_795_499_144_711L); // devices.firstSeen
        assertThat(device.get("RECORD_COUNT")).isEqualTo(3L);

        // this node's origin sequence, covered by its own vector
        long maxSeq = plain.jdbc().sql("select max(origin_seq) from records").query(Long.class).single();
        assertThat(vector(plain)).containsEntry(nodeId(plain), maxSeq);

        HttpResponse<String> again = post(plain, "/api/peer/import", example, "application/json");
        JsonNode second2 = JSON.readTree(again.body());
        assertThat(second2.get("imported").asLong()).isZero();
        assertThat(second2.get("duplicates").asLong()).isEqualTo(3);
        assertThat(second2.get("conflicts").asLong()).isZero();
        assertThat(plain.count()).isEqualTo(3);
    }

    @Test
    @Order(2)
    void importedRecordsSyncToOtherNodes() {
        other.syncWith(plain);
        assertThat(other.keys()).isEqualTo(plain.keys());
        assertThat(other.digest()).isEqualTo(plain.digest());
    }

    @Test
    @Order(3)
    void importsParsedDataArrayReportingBadImeisAndDevicesJson() throws Exception {
        JsonNode export = JSON.readTree(example);
        ArrayNode parsed = JSON.createArrayNode();
        ObjectNode below = (ObjectNode) export.get("records").get(1).deepCopy();
        below.put("imei", "861230043900001");
        below.put("deviceId", "861230043900001");
        below.put("height", 65436); // unsigned in the old data: -100 m
        below.put("archiveNumber", 7);
        below.put("datetime", "2025-10-10T00:00:00.000Z");
        below.put("milliseconds", 5);
        below.put("timestamp", "2025-10-10T00:00:03.250Z");
        parsed.add(below);
        ObjectNode misaligned = (ObjectNode) export.get("records").get(2).deepCopy();
        misaligned.put("imei", "8612300439\u0000\u0001");
        misaligned.put("deviceId", "8612300439\u0000\u0001");
        parsed.add(misaligned);
        ObjectNode noNumber = (ObjectNode) export.get("records").get(3).deepCopy();
        noNumber.put("imei", "861230043900001");
        noNumber.putNull("archiveNumber");
        noNumber.put("datetime", "2025-10-10T00:01:00.000Z");
        parsed.add(noNumber);
        long before = plain.count();

        HttpResponse<String> response = post(plain, "/api/peer/import", JSON.writeValueAsBytes(parsed),
                "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("format").asString()).isEqualTo("parsed-data");
        assertThat(answer.get("imported").asLong()).isEqualTo(2);
        assertThat(answer.get("skippedCount").asLong()).isEqualTo(1);
        assertThat(answer.get("skipped").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(answer.get("skipped").get(0).get("reason").asString()).contains("not 15 digits");
        assertThat(plain.count()).isEqualTo(before + 2);
        Map<String, Object> row = plain.recordRows().stream()
                .filter(r -> r.get("IMEI").equals("861230043900001") && r.get("RECORD_NUMBER").equals(7))
                .findFirst().orElseThrow();
        assertThat(row.get("ALTITUDE")).isEqualTo(-100);
        assertThat(row.get("TIME_MS")).isEqualTo(1_760_054_400_005L);
        assertThat(row.get("RECEIVED_AT")).isEqualTo(1_760_054_403_250L);
        assertThat(plain.recordRows().stream()
                .filter(r -> r.get("IMEI").equals("861230043900001") && r.get("RECORD_NUMBER").equals(-1)))
                .hasSize(1);

        String devices = """
                {"861230043900002": {"firstSeen": "2025-01-02T03:04:05.000Z", "lastSeen": "2025-02-03T04:05:06.000Z",
                  "recordCount": 12, "totalRecords": 12, "clientAddress": "10.0.0.7:40000", "lastLocation": null},
                 "not-an-imei": {"firstSeen": "2025-01-02T03:04:05.000Z"}}""";
        HttpResponse<String> deviceAnswer = post(plain, "/api/peer/import", devices.getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThat(deviceAnswer.statusCode()).as(deviceAnswer.body()).isEqualTo(200);
        JsonNode d = JSON.readTree(deviceAnswer.body());
        assertThat(d.get("format").asString()).isEqualTo("devices");
        assertThat(d.get("devicesAdded").asLong()).isEqualTo(1);
        assertThat(d.get("skippedCount").asLong()).isEqualTo(1);
        assertThat(d.get("skipped").get(0).get("index").asString()).isEqualTo("not-an-imei");
        Map<String, Object> device = plain.jdbc().sql("select * from devices where imei = '861230043900002'")
                .query().singleRow();
        assertThat(device.get("REMOTE_ADDRESS")).isEqualTo("10.0.0.7:40000");
        assertThat(device.get("FIRST_SEEN")).isEqualTo(1_735_787_045_000L);
        assertThat(device.get("RECORD_COUNT")).isEqualTo(0L);
    }

    @Test
    @Order(4)
    void garbageIsRefusedAndChangesNothing() throws Exception {
        long records = plain.count();
        long devices = plain.jdbc().sql("select count(*) from devices").query(Long.class).single();
        Map<String, String> bad = Map.of(
                "{\"deviceId\": \"x\", \"records\": [{\"imei\": \"861230043907626\"", "not valid JSON",
                "[1, 2, 3]", "not an object",
                "{\"hello\": \"world\"}", "none of",
                "\"just a string\"", "bare JSON value",
                "", "empty");
        for (Map.Entry<String, String> file : bad.entrySet()) {
            HttpResponse<String> response = post(plain, "/api/peer/import",
                    file.getKey().getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(response.statusCode()).as(file.getKey()).isEqualTo(400);
            assertThat(response.body()).as(file.getKey()).contains(file.getValue());
        }
        // a valid record before a syntax error must not be merged either
        JsonNode export = JSON.readTree(example);
        ObjectNode fresh = (ObjectNode) export.get("records").get(1).deepCopy();
        fresh.put("archiveNumber", 999);
        String truncated = "[" + JSON.writeValueAsString(fresh) + ", {\"imei\": ";
        assertThat(post(plain, "/api/peer/import", truncated.getBytes(StandardCharsets.UTF_8), "application/json")
                .statusCode()).isEqualTo(400);
        assertThat(plain.count()).isEqualTo(records);
        assertThat(plain.jdbc().sql("select count(*) from devices").query(Long.class).single()).isEqualTo(devices);
    }

    @Test
    @Order(5)
    void legacyPushIsRefusedWhenDisabled() throws Exception {
        long before = plain.count();
        HttpResponse<String> response = post(plain, "/peer/sync", example, "application/json");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("legacy-push-enabled=true");
        // anything else unsigned stays refused for lack of a signature, with the flag on or off
        for (TestNode node : List.of(plain, legacy)) {
            HttpResponse<String> other = post(node, "/peer/sync", "{\"foo\": 1}".getBytes(StandardCharsets.UTF_8),
                    "application/json");
            assertThat(other.statusCode()).isEqualTo(401);
            assertThat(post(node, "/peer/import", example, "application/json").statusCode()).isEqualTo(401);
        }
        assertThat(plain.count()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void legacyPushIsMergedAndAnsweredInTheOldShapeWhenEnabled() throws Exception {
        HttpResponse<String> response = post(legacy, "/peer/sync", example, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("message").asString()).isNotBlank();
        assertThat(answer.get("syncResult").get("newRecords").asLong()).isEqualTo(3);
        assertThat(answer.get("syncResult").get("totalRecords").asLong()).isEqualTo(3);
        JsonNode peerData = answer.get("peerData");
        assertThat(peerData.get("deviceId").asString()).isEqualTo(nodeId(legacy));
        assertThat(peerData.get("lastIMEI").asString()).isEqualTo(IMEI);
        assertThat(peerData.get("devices").get(IMEI).get("clientAddress").asString()).isEqualTo("127.0.0.1:54290");
        List<JsonNode> records = new ArrayList<>();
        peerData.get("records").forEach(records::add);
        assertThat(records).hasSize(3);
        JsonNode first = records.stream().filter(r -> r.get("archiveNumber").asInt() == 0).findFirst().orElseThrow();
        assertThat(first.get("datetime").asString()).isEqualTo("2025-10-09T08:53:41.000Z");
        assertThat(first.get("milliseconds").asInt()).isEqualTo(411);
        assertThat(first.get("timestamp").asString()).isEqualTo("2026-11-24T05:45:44.715Z");
        assertThat(first.get("hdop").asInt()).isEqualTo(20);
        assertThat(first.get("height").asInt()).isEqualTo(1807);
        assertThat(first.get("imei").asString()).isEqualTo(IMEI);
        assertThat(first.get("outputs").get("raw").asInt()).isEqualTo(15);
        assertThat(first.get("inputVoltage0").asInt()).isEqualTo(3341);

        // the old node pushes again (with what we answered merged into its data): nothing new, no conflicts
        ObjectNode back = (ObjectNode) JSON.readTree(example);
        ((ArrayNode) back.get("records")).addAll((ArrayNode) peerData.get("records"));
        JsonNode again = JSON.readTree(post(legacy, "/peer/sync", JSON.writeValueAsBytes(back),
                "application/json").body());
        assertThat(again.get("syncResult").get("newRecords").asLong()).isZero();
        assertThat(again.get("syncResult").get("conflicts").asLong()).isZero();
        assertThat(legacy.count()).isEqualTo(3);
        // the same tracker records imported on another node are the same keys and content everywhere
        assertThat(legacy.keys()).isSubsetOf(plain.keys());
    }

    @Test
    @Order(7)
    void multipartUploadOfParsedDataAndDevices() throws Exception {
        JsonNode export = JSON.readTree(example);
        byte[] parsed = JSON.writeValueAsBytes(export.get("records"));
        byte[] devices = JSON.writeValueAsBytes(export.get("devices"));
        String boundary = "----galileo" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> part : Map.of("parsedData", parsed, "devices", devices).entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.getKey()
                    + "\"; filename=\"" + part.getKey() + ".json\"\r\nContent-Type: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(part.getValue());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = post(other, "/api/peer/import", body.toByteArray(),
                "multipart/form-data; boundary=" + boundary);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("format").asString()).contains("parsed-data").contains("devices");
        // other already holds these three from its sync with plain: same key and content, so duplicates
        assertThat(answer.get("imported").asLong()).isZero();
        assertThat(answer.get("duplicates").asLong()).isEqualTo(3);
        assertThat(answer.get("conflicts").asLong()).isZero();
    }

    @Test
    @Order(8)
    void aParsedDataFileLargerThanThePeerBodyLimitIsStreamedInBatches() throws Exception {
        JsonNode template = JSON.readTree(example).get("records").get(1);
        long before = legacy.count();
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.write('[');
        int count = 2500;
        for (int i = 0; i < count; i++) {
            ObjectNode record = (ObjectNode) template.deepCopy();
            record.put("imei", "86123004391" + String.format("%04d", i % 7));
            record.put("archiveNumber", i);
            record.put("datetime", java.time.Instant.ofEpochSecond(1_760_000_000L + i).toString());
            file.write((i == 0 ? "" : ",\n").getBytes(StandardCharsets.UTF_8));
            file.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
        }
        file.write(']');
        assertThat(file.size()).isGreaterThan(1_000_000); // beyond this node's peer body limit
        HttpResponse<String> response = post(legacy, "/api/peer/import", file.toByteArray(), "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("imported").asLong()).isEqualTo(count);
        assertThat(legacy.count()).isEqualTo(before + count);
        // own origin, contiguous and covered by this node's vector
        String id = nodeId(legacy);
        long seqs = legacy.jdbc().sql("select count(distinct origin_seq) from records"
                        + " where origin_id = (select id from record_origins where node_id = ?)")
                .param(id).query(Long.class).single();
        assertThat(seqs).isEqualTo(before + count);
        long max = legacy.jdbc().sql("select max(origin_seq) from records"
                        + " where origin_id = (select id from record_origins where node_id = ?)").param(id)
                .query(Long.class).single();
        assertThat(vector(legacy)).containsEntry(id, max);
    }

    @Test
    @Order(9)
    void ourOwnGzippedExportStillImports() throws Exception {
        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(URI.create(plain.url() + "/api/peer/export"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Encoding")).hasValue("gzip");
        HttpRequest request = HttpRequest.newBuilder(URI.create(legacy.url() + "/api/peer/import"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(export.body())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).has("importResult")).isTrue();
        assertThat(legacy.keys()).containsAll(plain.keys());
    }

    /** Our own export, larger than the peer body limit, imports in batches; a broken one changes nothing. */
    @Test
    @Order(10)
    void ourOwnExportLargerThanTheBodyLimitImportsAndABrokenOneChangesNothing() throws Exception {
        other.ingest(TestNode.randomRecords(new java.util.Random(10), 3000, 5));
        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(URI.create(other.url() + "/api/peer/export"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] plainFile = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(export.body()))
                .readAllBytes();
        assertThat(plainFile.length).isGreaterThan(1_000_000); // beyond the legacy node's peer body limit

        byte[] broken = new String(plainFile, StandardCharsets.UTF_8)
                .replaceFirst("\"originNode\":\"[^\"]+\"", "\"originNode\":null").getBytes(StandardCharsets.UTF_8);
        long before = legacy.count();
        HttpResponse<String> refused = post(legacy, "/api/peer/import", broken, "application/json");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(legacy.count()).isEqualTo(before);

        HttpResponse<String> response = post(legacy, "/api/peer/import", plainFile, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(legacy.keys()).containsAll(other.keys());
        Map<String, Long> imported = vector(legacy);
        vector(other).forEach((origin, seq) ->
                assertThat(imported.get(origin)).as("vector of %s after the import", origin).isGreaterThanOrEqualTo(seq));
    }

    /** The node's version vector, as its status API shows it. */
    private Map<String, Long> vector(TestNode node) throws Exception {
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/peer/status"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> vector = new java.util.TreeMap<>();
        JSON.readTree(status.body()).get("vector").properties().forEach(e -> vector.put(e.getKey(), e.getValue().asLong()));
        return vector;
    }

    private String nodeId(TestNode node) {
        return node.bean(io.galileosync.store.NodeIdentity.class).nodeId();
    }

    private HttpResponse<String> post(TestNode node, String path, byte[] body, String type) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + path))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
