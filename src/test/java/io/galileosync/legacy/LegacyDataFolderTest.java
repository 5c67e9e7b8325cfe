package io.galileosync.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.NodeApi;
import io.galileosync.sync.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Moving from the original app with its data folder, on real nodes: its {@code parsed_data.json},
 * {@code devices.json} and {@code last_imei.json} found in the data folder are imported once at start (logged,
 * renamed after); {@code last_imei.json} is taken by the import; an export carries the trackers and the last IMEI
 * as the original's did.
 */
class LegacyDataFolderTest {

    private static final String IMEI = "861230043907626";

    @TempDir
    Path tmp;

    @Test
    void theOriginalAppsDataFolderIsImportedOnceAtStartAndRenamed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        JsonNode export = example();
        Files.writeString(dir.resolve("parsed_data.json"), export.get("records").toPrettyString());
        Files.writeString(dir.resolve("devices.json"), export.get("devices").toPrettyString());
        Files.writeString(dir.resolve("last_imei.json"), "{\"lastIMEI\": \"" + IMEI + "\"}");
        Path log = tmp.resolve("node.log");
        try (TestNode node = TestNode.start("migrated", dir, "logging.file.name=" + log,
                "logging.level.io.galileosync.legacy=INFO")) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && !Files.exists(dir.resolve("last_imei.json.imported"))) {
                Thread.sleep(200);
            }
            assertThat(dir.resolve("parsed_data.json")).doesNotExist();
            assertThat(dir.resolve("parsed_data.json.imported")).exists();
            assertThat(dir.resolve("devices.json.imported")).exists();
            assertThat(dir.resolve("last_imei.json.imported")).exists();
            assertThat(count(node)).isEqualTo(3); // the fourth is the head packet's pseudo-record
            String logged = Files.readString(log);
            assertThat(logged).contains("Imported the original app's parsed_data.json: 3 new records")
                    .contains("Imported the original app's last_imei.json").contains("last IMEI " + IMEI)
                    .contains("the file is now parsed_data.json.imported");
            // its export carries the trackers and the last IMEI as the original's exports did
            JsonNode ours = exportOf(node);
            assertThat(ours.get("lastIMEI").asString()).isEqualTo(IMEI);
            JsonNode device = ours.get("devices").get(IMEI);
            assertThat(device.get("recordCount").asLong()).isEqualTo(3);
            assertThat(device.get("firstSeen").asString()).isEqualTo("2026-11-24T05:45:44.711Z");
            assertThat(device.has("lastLocation")).isTrue();
            assertThat(ours.get("records")).hasSize(3);
        }
        try (TestNode again = TestNode.start("migrated", dir)) {
            Thread.sleep(2000);
            assertThat(count(again)).isEqualTo(3);
            assertThat(dir.resolve("parsed_data.json.imported")).exists();
        }
    }

    @Test
    void lastImeiJsonIsTakenByTheImport() throws IOException {
        try (TestNode node = TestNode.start("plain", tmp.resolve("plain"))) {
            NodeApi.Answer answer = NodeApi.post(node.url() + "/api/peer/import", "{\"lastIMEI\": \"" + IMEI + "\"}");
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.json().get("format").asString()).isEqualTo("last-imei");
            assertThat(answer.json().get("lastIMEI").asString()).isEqualTo(IMEI);
            assertThat(answer.json().get("imported").asLong()).isZero();
        }
    }

    private JsonNode example() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/original-app/peer-export-example.json")) {
            return NodeApi.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** {@code curl --compressed .../api/peer/export}. */
    private static JsonNode exportOf(TestNode node) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(node.url() + "/api/peer/export")).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (InputStream in = new GZIPInputStream(response.body())) {
            return NodeApi.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static long count(TestNode node) {
        return node.jdbc().sql("select count(*) from records").query(Long.class).single();
    }
}
