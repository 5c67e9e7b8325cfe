package io.galileosync.legacy;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * An uploaded import on disk: the request body (gunzipped when sent with gzip), or the multipart parts
 * {@code parsedData} and {@code devices}, each spooled to a temporary file and its format checked before
 * anything is merged. Delete the files with {@link #close()}.
 */
final class ImportUpload implements AutoCloseable {

    private static final List<String> PARTS = List.of("parsedData", "devices");

    final List<Path> files = new ArrayList<>();
    final List<ImportFormat> formats = new ArrayList<>();
    private final long maxBytes;

    private ImportUpload(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @throws ImportFormat.BadFile when a body is not valid JSON or of no known shape */
    static ImportUpload receive(HttpServletRequest request, String encoding, long maxBytes) throws IOException {
        ImportUpload upload = new ImportUpload(maxBytes);
        try {
            String type = request.getContentType();
            if (type != null && type.toLowerCase().startsWith("multipart/")) {
                for (String name : PARTS) {
                    Part part = request.getPart(name);
                    if (part != null) {
                        try (InputStream in = part.getInputStream()) {
                            upload.add(in, encoding, name);
                        }
                    }
                }
                if (upload.files.isEmpty()) {
                    throw new ImportFormat.BadFile("a multipart import needs a part 'parsedData' (parsed_data.json)"
                            + " and/or 'devices' (devices.json)");
                }
                if (upload.formats.contains(ImportFormat.NATIVE)) {
                    throw new ImportFormat.BadFile("a galileo-sync/1 export is imported as the request body, not as"
                            + " a part");
                }
            } else {
                upload.add(request.getInputStream(), encoding, null);
            }
            return upload;
        } catch (ServletException e) {
            upload.close();
            throw new ImportFormat.BadFile("unreadable multipart body: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    /** Our own export format (imported by the sync module from {@link #files}' only file). */
    boolean isNative() {
        return formats.size() == 1 && formats.get(0) == ImportFormat.NATIVE;
    }

    private void add(InputStream body, String encoding, String part) throws IOException {
        Path file = Files.createTempFile("galileo-import-", ".json");
        files.add(file);
        InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body, 65536) : body;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[65536];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "import file larger than "
                            + maxBytes + " bytes (after gunzip; galileo.sync.import-max-bytes)");
                }
                out.write(buffer, 0, n);
            }
        } catch (ZipException e) {
            throw new ImportFormat.BadFile("body is not valid gzip: " + e.getMessage());
        }
        try {
            formats.add(ImportFormat.of(() -> Files.newInputStream(file)));
        } catch (ImportFormat.BadFile e) {
            throw part == null ? e : new ImportFormat.BadFile("part '" + part + "': " + e.getReason());
        }
    }

    @Override
    public void close() {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file: the OS cleans it up
            }
        }
    }
}
