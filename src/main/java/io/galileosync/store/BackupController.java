package io.galileosync.store;

import io.galileosync.config.GalileoProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A consistent online backup of the embedded H2 database ({@code BACKUP TO}, a zip of the database file) for
 * download; the newest one also stays in {@code <data-dir>/backups/}. Restoring is done offline with H2's
 * {@code org.h2.tools.Restore}, or online by importing an export file ({@code POST /api/peer/import}), which
 * merges instead of replacing.
 */
@RestController
@Tag(name = "Web UI")
class BackupController {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final Path dataDir;

    BackupController(DataSource dataSource, GalileoProperties properties) {
        this.dataSource = dataSource;
        this.dataDir = properties.dataDir();
    }

    @GetMapping("/api/backup")
    @Operation(summary = "Download a zip backup of the H2 database (501 on other databases)")
    synchronized ResponseEntity<?> backup() throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!"H2".equalsIgnoreCase(product)) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_IMPLEMENTED,
                        "backup here works for the embedded H2 database only; this node uses " + product
                                + ": back it up with that database's own tools (e.g. pg_dump)");
                problem.setTitle("Backup not available");
                return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(problem);
            }
            // the newest backup stays in data/backups (one file: older ones are replaced) and is sent from there
            Path dir = dataDir.resolve("backups");
            Files.createDirectories(dir);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "galileo-backup-*.zip")) {
                for (Path file : old) {
                    Files.deleteIfExists(file);
                }
            }
            String name = "galileo-backup-" + STAMP.format(Instant.now()) + ".zip";
            Path file = dir.resolve(name);
            try (Statement statement = connection.createStatement()) {
                statement.execute("BACKUP TO '" + file.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/zip"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                    .body(new FileSystemResource(file));
        }
    }
}
