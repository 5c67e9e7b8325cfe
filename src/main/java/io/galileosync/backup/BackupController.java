package io.galileosync.backup;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backups over the API (behind the login like all of {@code /api}): the one-off download of a fresh, checked
 * backup, the list of kept backups, and a backup now. Restoring is the {@code restore} command, with the node
 * stopped (see README).
 */
@RestController
@Tag(name = "Backups")
class BackupController {

    private final Backups backups;
    private final BackupProperties properties;

    BackupController(Backups backups, BackupProperties properties) {
        this.backups = backups;
        this.properties = properties;
    }

    @GetMapping("/api/backup")
    @Operation(operationId = "downloadBackup",
            summary = "Download a fresh, checked zip backup of the H2 database (501 on other databases)",
            description = "It is also kept in the backups folder, as one of the newest galileo.backup.keep.")
    ResponseEntity<FileSystemResource> download() {
        Backups.Made made = backups.make();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(made.file().getFileName().toString()).build().toString())
                .body(new FileSystemResource(made.file()));
    }

    @PostMapping("/api/backups")
    @Operation(summary = "Make a backup now: written, checked, kept; answers what it holds and how long it took")
    Map<String, Object> backUpNow() {
        return json(backups.make());
    }

    @GetMapping("/api/backups")
    @Operation(operationId = "listBackups", summary = "The kept backups, newest first, and the backup settings")
    Map<String, Object> list() throws IOException {
        List<Map<String, Object>> files = backups.folder().list().stream().map(backup -> {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("name", backup.file().getFileName().toString());
            file.put("takenAt", backup.takenAt().toString());
            file.put("bytes", backup.bytes());
            return file;
        }).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("folder", backups.folder().dir().toString());
        answer.put("enabled", properties.enabled());
        answer.put("interval", properties.interval().toString());
        answer.put("keep", properties.keep());
        answer.put("backups", files);
        return answer;
    }

    private static Map<String, Object> json(Backups.Made made) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", made.file().getFileName().toString());
        answer.put("file", made.file().toString());
        answer.put("takenAt", made.takenAt().toString());
        answer.put("bytes", made.bytes());
        answer.put("records", made.records());
        answer.put("writeMs", made.writeMs());
        answer.put("checkMs", made.checkMs());
        return answer;
    }

    @ExceptionHandler(BackupException.class)
    ResponseEntity<ProblemDetail> failed(BackupException e) {
        HttpStatus status = e.unsupported() ? HttpStatus.NOT_IMPLEMENTED : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(e.unsupported() ? "Backup not available" : "Backup failed");
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
