package io.galileosync.sync;

import io.galileosync.config.GalileoProperties;
import io.galileosync.node.NodeIdentity;
import io.galileosync.record.RecordWriter;
import io.galileosync.record.RecordWriter.MergeResult;
import io.galileosync.record.RecordWriter.OriginRecord;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPInputStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Import of the original Node app's data ({@link LegacyFormat}): its export body ({@code GET /peer/export},
 * {@code POST /peer/sync}), its {@code data/parsed_data.json} array and its {@code data/devices.json}, told
 * apart by shape. A file is first spooled to disk and checked completely with the streaming parser (valid JSON,
 * a known shape), so a bad file changes nothing; then it is streamed again and merged in batches through
 * {@link SyncService#merge} (the writer thread, dedup by record key, conflicts, retention), so memory stays
 * bounded whatever the size. The records get this node as origin and this node's next sequence numbers (the
 * old app had no origins); a re-import is all duplicates.
 */
@Component
class LegacyImport {

    /** The biggest file taken (after gunzip): a parsed_data.json of years of data is a few hundred MB. */
    static final long MAX_FILE_BYTES = 4L << 30;
    private static final int MAX_SKIPPED_LISTED = 100;

    private final SyncService sync;
    private final RecordWriter writer;
    private final NodeIdentity node;
    private final int batchRecords;

    LegacyImport(SyncService sync, RecordWriter writer, NodeIdentity node, GalileoProperties properties) {
        this.sync = sync;
        this.writer = writer;
        this.node = node;
        this.batchRecords = Math.max(1, Math.min(properties.sync().batchRecords(), 2000));
    }

    enum Format {
        ORIGINAL_APP_EXPORT("original-app-export"), PARSED_DATA("parsed-data"), DEVICES("devices"),
        /** Our own {@code galileo-sync/1} export: not handled here. */
        NATIVE("galileo-sync/1");

        final String label;

        Format(String label) {
            this.label = label;
        }
    }

    /** A file that is not valid JSON or of no known shape (400). */
    static final class BadFile extends ResponseStatusException {
        BadFile(String reason) {
            super(HttpStatus.BAD_REQUEST, reason);
        }
    }

    /** An uploaded body on disk: delete it with {@link #close()}. */
    final class Upload implements AutoCloseable {
        private final List<Path> files = new ArrayList<>();
        private final List<Format> formats = new ArrayList<>();

        /** Our own export format (imported by the caller from {@link #nativeFile}). */
        boolean isNative() {
            return formats.size() == 1 && formats.get(0) == Format.NATIVE;
        }

        /** The spooled file of our own export format, for {@link ExportFileImport}. */
        Source nativeFile() {
            Path file = files.get(0);
            return () -> Files.newInputStream(file);
        }

        Map<String, Object> importLegacy() {
            Outcome outcome = new Outcome();
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                importChecked(() -> Files.newInputStream(file), formats.get(i), outcome);
            }
            return outcome.answer(formats.stream().map(f -> f.label).reduce((a, b) -> a + "+" + b).orElseThrow());
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

    /**
     * Spools the request body (gunzipped when sent with gzip; or the multipart parts {@code parsedData} and
     * {@code devices}) to disk and checks it.
     *
     * @throws BadFile when a body is not valid JSON or of no known shape
     */
    Upload receive(HttpServletRequest request, String encoding) throws IOException {
        Upload upload = new Upload();
        try {
            String type = request.getContentType();
            if (type != null && type.toLowerCase().startsWith("multipart/")) {
                for (String name : List.of("parsedData", "devices")) {
                    Part part = request.getPart(name);
                    if (part != null) {
                        try (InputStream in = part.getInputStream()) {
                            add(upload, in, encoding, name);
                        }
                    }
                }
                if (upload.files.isEmpty()) {
                    throw new BadFile("a multipart import needs a part 'parsedData' (parsed_data.json) and/or"
                            + " 'devices' (devices.json)");
                }
                if (upload.formats.contains(Format.NATIVE)) {
                    throw new BadFile("a galileo-sync/1 export is imported as the request body, not as a part");
                }
            } else {
                add(upload, request.getInputStream(), encoding, null);
            }
            return upload;
        } catch (ServletException e) {
            upload.close();
            throw new BadFile("unreadable multipart body: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    private void add(Upload upload, InputStream body, String encoding, String part) throws IOException {
        Path file = Files.createTempFile("galileo-import-", ".json");
        upload.files.add(file);
        InputStream in = PeerWire.GZIP.equalsIgnoreCase(encoding) ? new GZIPInputStream(body, 65536) : body;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[65536];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > MAX_FILE_BYTES) {
                    throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                            "import file larger than " + MAX_FILE_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (java.util.zip.ZipException e) {
            throw new BadFile("body is not valid gzip: " + e.getMessage());
        }
        Format format;
        try {
            format = check(() -> Files.newInputStream(file));
        } catch (BadFile e) {
            throw part == null ? e : new BadFile("part '" + part + "': " + e.getReason());
        }
        upload.formats.add(format);
    }

    /** Imports an old-format body already in memory (a legacy push): checked first, then merged. */
    Outcome importBytes(byte[] body, Format expected) {
        Format format = check(() -> new ByteArrayInputStream(body));
        if (format != expected) {
            throw new BadFile("expected " + expected.label + ", got " + format.label);
        }
        Outcome outcome = new Outcome();
        importChecked(() -> new ByteArrayInputStream(body), format, outcome);
        return outcome;
    }

    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Reads the whole file once, validating JSON syntax and telling its shape; keeps nothing but a few flags.
     *
     * @throws BadFile when it is not valid JSON or none of the known shapes
     */
    static Format check(Source source) {
        try (InputStream in = new BufferedInputStream(source.open(), 65536);
             JsonParser p = PeerWire.STREAM.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new BadFile("empty file");
            }
            Format format;
            if (first == JsonToken.START_ARRAY) {
                int index = 0;
                for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; index++) {
                    if (t != JsonToken.START_OBJECT) {
                        throw new BadFile("a JSON array, but element " + index + " is not an object:"
                                + " not an original-app parsed_data.json");
                    }
                    p.skipChildren();
                }
                format = Format.PARSED_DATA;
            } else if (first == JsonToken.START_OBJECT) {
                format = checkObject(p);
            } else {
                throw new BadFile("a bare JSON value: not an export, parsed_data.json or devices.json");
            }
            if (p.nextToken() != null) {
                throw new BadFile("more than one JSON value in the file");
            }
            return format;
        } catch (JacksonException e) {
            throw new BadFile("not valid JSON: " + e.getOriginalMessage() + " at "
                    + (e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Format checkObject(JsonParser p) {
        boolean records = false;
        boolean format = false;
        boolean allObjects = true;
        boolean empty = true;
        for (String name; (name = p.nextName()) != null; ) {
            empty = false;
            JsonToken value = p.nextToken();
            switch (name) {
                case "format", "vector" -> format = true;
                case "records" -> {
                    if (value == JsonToken.START_ARRAY) {
                        records = true;
                        int index = 0;
                        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; index++) {
                            if (t != JsonToken.START_OBJECT) {
                                throw new BadFile("records[" + index + "] is not an object");
                            }
                            p.skipChildren();
                        }
                        continue;
                    }
                }
                case "devices" -> {
                    if (value != JsonToken.START_OBJECT && value != JsonToken.VALUE_NULL) {
                        throw new BadFile("devices is not an object");
                    }
                }
                default -> {
                }
            }
            if (value != JsonToken.START_OBJECT) {
                allObjects = false;
            }
            p.skipChildren();
        }
        if (format) {
            return Format.NATIVE;
        }
        if (records) {
            return Format.ORIGINAL_APP_EXPORT;
        }
        if (allObjects || empty) {
            return Format.DEVICES;
        }
        throw new BadFile("a JSON object that is none of: a galileo-sync/1 export (format), an original-app"
                + " export (records array), an original-app devices.json (IMEI → device object)");
    }

    /** What an import did, over one or more files. */
    final class Outcome {
        long imported;
        long duplicates;
        long conflicts;
        long rejected;
        long headPackets;
        long skippedCount;
        long devicesAdded;
        final List<Map<String, Object>> skipped = new ArrayList<>();
        private final List<OriginRecord> batch = new ArrayList<>();
        private final Map<String, RecordWriter.DeviceFill> devices = new LinkedHashMap<>();

        void skip(Object index, LegacyFormat.Unmappable why) {
            skippedCount++;
            if (why.headPacket) {
                headPackets++;
            }
            if (skipped.size() < MAX_SKIPPED_LISTED) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", index);
                entry.put("reason", why.getMessage());
                skipped.add(entry);
            }
        }

        void add(LegacyFormat.Mapped mapped) {
            batch.add(new OriginRecord(mapped.record(), node.nodeId(), OriginRecord.ASSIGN_LOCAL_SEQ,
                    mapped.receivedAt()));
            // the records tell when and from where the old app heard each tracker: a device row where unknown
            devices.merge(mapped.record().imei(), new RecordWriter.DeviceFill(mapped.record().imei(),
                            mapped.receivedAt(), mapped.receivedAt(), mapped.clientAddress()),
                    (a, b) -> new RecordWriter.DeviceFill(a.imei(), Math.min(a.firstSeen(), b.firstSeen()),
                            Math.max(a.lastSeen(), b.lastSeen()),
                            b.remoteAddress() != null ? b.remoteAddress() : a.remoteAddress()));
            if (batch.size() >= batchRecords) {
                flush();
            }
        }

        void device(RecordWriter.DeviceFill fill) {
            devices.merge(fill.imei(), fill, (a, b) -> new RecordWriter.DeviceFill(a.imei(),
                    Math.min(a.firstSeen(), b.firstSeen()), Math.max(a.lastSeen(), b.lastSeen()),
                    b.remoteAddress() != null ? b.remoteAddress() : a.remoteAddress()));
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            MergeResult result = sync.merge(batch, Map.of());
            imported += result.inserted();
            duplicates += result.duplicates();
            conflicts += result.conflicts();
            rejected += result.rejected();
            batch.clear();
        }

        void finish() {
            flush();
            if (!devices.isEmpty()) {
                try {
                    devicesAdded += writer.fillDevices(new ArrayList<>(devices.values())).join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
                }
                devices.clear();
            }
        }

        Map<String, Object> answer(String format) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("imported", imported);
            answer.put("duplicates", duplicates);
            answer.put("conflicts", conflicts);
            answer.put("rejected", rejected);
            answer.put("skipped", skipped);
            answer.put("skippedCount", skippedCount);
            answer.put("headPackets", headPackets);
            answer.put("devicesAdded", devicesAdded);
            answer.put("format", format);
            return answer;
        }
    }

    /** Streams a checked file of the given format into the store. */
    void importChecked(Source source, Format format, Outcome outcome) {
        try (InputStream in = new BufferedInputStream(source.open(), 65536);
             JsonParser p = PeerWire.STREAM.createParser(in)) {
            p.nextToken();
            switch (format) {
                case PARSED_DATA -> records(p, outcome);
                case ORIGINAL_APP_EXPORT -> {
                    for (String name; (name = p.nextName()) != null; ) {
                        p.nextToken();
                        if (name.equals("records")) {
                            records(p, outcome);
                        } else if (name.equals("devices") && p.currentToken() == JsonToken.START_OBJECT) {
                            devices(p, outcome);
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                case DEVICES -> devices(p, outcome);
                case NATIVE -> throw new IllegalArgumentException("not a legacy format");
            }
            outcome.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At START_ARRAY: maps and merges element by element, one tree per record in memory. */
    private static void records(JsonParser p, Outcome outcome) {
        int index = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            JsonNode record = PeerWire.STREAM.readTree(p);
            try {
                outcome.add(LegacyFormat.toRecord(record));
            } catch (LegacyFormat.Unmappable e) {
                outcome.skip(index, e);
            }
            index++;
        }
    }

    /** At START_OBJECT of a devices map. */
    private static void devices(JsonParser p, Outcome outcome) {
        for (String imei; (imei = p.nextName()) != null; ) {
            p.nextToken();
            JsonNode device = PeerWire.STREAM.readTree(p);
            try {
                outcome.device(LegacyFormat.toDevice(imei, device));
            } catch (LegacyFormat.Unmappable e) {
                outcome.skip(imei, e);
            }
        }
    }
}
