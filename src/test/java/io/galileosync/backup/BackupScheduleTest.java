package io.galileosync.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.store.RecordStore;
import io.galileosync.sync.TestNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scheduled backups on a real node: made every interval into the configured folder, each opening in an H2 of
 * its own with the node's records, only the newest {@code keep} kept; the API lists them, makes one now and
 * downloads one. By default: daily, 7 kept, in the data folder.
 */
class BackupScheduleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void backupsAreMadeOnScheduleCheckedAndOnlyTheNewestKept() throws Exception {
        Path folder = dir.resolve("elsewhere");
        long records;
        try (TestNode node = TestNode.start("scheduled", dir.resolve("node"), "galileo.backup.interval=1s",
                "galileo.backup.keep=3", "galileo.backup.dir=" + folder)) {
            node.ingest(TestNode.randomRecords(new Random(3), 400, 3));
            records = node.bean(RecordStore.class).recordCount();
            MeterRegistry meters = node.bean(MeterRegistry.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (meters.timer("galileo.backup", "outcome", "success").count() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(meters.timer("galileo.backup", "outcome", "success").count()).as("backups made").isGreaterThanOrEqualTo(4);
            assertThat(meters.timer("galileo.backup", "outcome", "failure").count()).isZero();

            JsonNode listed = JSON.readTree(get(node, "/api/backups", HttpResponse.BodyHandlers.ofString()).body());
            assertThat(listed.get("folder").asString()).isEqualTo(folder.toAbsolutePath().toString());
            assertThat(listed.get("keep").asInt()).isEqualTo(3);

            HttpResponse<String> now = HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/backups"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
            JsonNode made = JSON.readTree(now.body());
            assertThat(made.get("records").asLong()).isEqualTo(records);
            assertThat(Path.of(made.get("file").asString())).exists().hasParent(folder.toAbsolutePath());

            HttpResponse<InputStream> download = get(node, "/api/backup", HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
            try (ZipInputStream zip = new ZipInputStream(download.body())) {
                ZipEntry entry = zip.getNextEntry();
                assertThat(entry.getName()).isEqualTo("galileo.mv.db");
            }
        }
        // stopped: no backup between listing and pruning
        List<Path> kept;
        try (var files = Files.list(folder)) {
            kept = files.sorted().toList();
        }
        assertThat(kept).hasSize(3).allMatch(f -> f.getFileName().toString().matches("galileo-backup-\\d{8}-\\d{6}-\\d{3}\\.zip"));
        for (Path backup : kept) {
            assertThat(recordsIn(backup)).as("%s opened on its own", backup.getFileName()).isEqualTo(records);
        }
    }

    @Test
    void byDefaultBackupsAreDailyAndSevenAreKeptInTheDataFolder() {
        BackupProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("galileo.backup", BackupProperties.class);
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.interval()).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.keep()).isEqualTo(7);
        assertThat(defaults.folder(Path.of("data"))).isEqualTo(Path.of("data", "backups"));
    }

    /** The backup's database unpacked and opened read-only by a plain H2 connection of the test's own. */
    private Path unpacked(Path backup) throws Exception {
        Path target = Files.createTempDirectory(dir, "open-");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
            zip.getNextEntry();
            Files.copy(zip, target.resolve("galileo.mv.db"));
        }
        return target.resolve("galileo");
    }

    private long recordsIn(Path backup) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + unpacked(backup)
                + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", "sa", "");
             ResultSet count = connection.createStatement().executeQuery("select count(*) from records")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static <T> HttpResponse<T> get(TestNode node, String path, HttpResponse.BodyHandler<T> body) throws Exception {
        HttpResponse<T> response = HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + path)).build(), body);
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }
}
