package io.galileosync.legacy;

import io.galileosync.sync.ExportFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Sync")
class ImportController {

    private final LegacyImport legacyImport;
    private final ExportFiles exportFiles;
    private final long maxBytes;

    ImportController(LegacyImport legacyImport, ExportFiles exportFiles, LegacyProperties properties) {
        this.legacyImport = legacyImport;
        this.exportFiles = exportFiles;
        this.maxBytes = properties.importMaxBytes().toBytes();
    }

    @Operation(operationId = "importRecords", summary = "Import an export file (ours, or the original app's"
            + " parsed_data.json, devices.json, last_imei.json) through the sync merge; checked whole first",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "The file, as JSON, or gzip with Content-Encoding: gzip (or a multipart upload of"
                            + " several)", content = {
                    @Content(mediaType = "application/json", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "multipart/form-data", schema = @Schema(type = "object"))}))
    @ApiResponse(responseCode = "200", description = "What was imported: records new, duplicate, conflicting, invalid")
    @ApiResponse(responseCode = "413", description = "Larger than galileo.sync.import-max-bytes (after gunzip)")
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
