package io.galileosync.legacy;

import io.galileosync.sync.ExportFiles;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/peer/import}: an export file (JSON, optionally gzip) of any size, spooled to disk and checked
 * whole before anything is merged. Our own format goes to the sync module's {@link ExportFiles}; the original
 * app's files to {@link LegacyImport}.
 */
@RestController
class ImportController {

    private final LegacyImport legacyImport;
    private final ExportFiles exportFiles;
    private final long maxBytes;

    ImportController(LegacyImport legacyImport, ExportFiles exportFiles, LegacyProperties properties) {
        this.legacyImport = legacyImport;
        this.exportFiles = exportFiles;
        this.maxBytes = properties.importMaxBytes().toBytes();
    }

    @PostMapping("/api/peer/import")
    Map<String, Object> importFile(HttpServletRequest request,
                                   @RequestHeader(value = HttpHeaders.CONTENT_ENCODING, required = false) String encoding)
            throws IOException {
        try (ImportUpload upload = ImportUpload.receive(request, encoding, maxBytes)) {
            if (!upload.isNative()) {
                return legacyImport.importUpload(upload);
            }
            return Map.of("importResult", exportFiles.importFile(upload.files.get(0)));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }
}
