package io.galileosync.sync;

import io.galileosync.store.DeviceOverview;
import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import io.galileosync.store.StoredRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

/**
 * Full export files ({@code galileo-sync/1}: format, node, the vector, the trackers and the last IMEI as the original
 * app's exports had them, every record), written and read record by
 * record, so files of millions of records need no more memory than one record (a phone has little heap).
 * Importing checks the whole file in a first pass (a bad file is refused before anything is stored), merges
 * in batches in a second, and applies the file's vector last, once every record it covers is committed (an
 * interrupted import is simply run again).
 */
@Component
public class ExportFiles {

    private static final ObjectReader VECTOR = PeerWire.STREAM.readerFor(new TypeReference<Map<String, Long>>() { });
    private static final ObjectReader RECORD = PeerWire.STREAM.readerFor(WireRecord.class);

    private final RecordStore store;
    private final VersionVector vector;
    private final NodeIdentity node;
    private final RecordMerge merge;
    private final int batchRecords;

    ExportFiles(RecordStore store, VersionVector vector, NodeIdentity node, RecordMerge merge,
                SyncProperties settings) {
        this.store = store;
        this.vector = vector;
        this.node = node;
        this.merge = merge;
        this.batchRecords = settings.batchRecords();
    }

    void write(OutputStream out) {
        Map<String, Long> held = vector.current();
        try (JsonGenerator json = PeerWire.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("format", PeerWire.EXPORT_FORMAT);
            json.writeStringProperty("nodeId", node.nodeId());
            json.writeStringProperty("name", node.name());
            json.writeStringProperty("epoch", node.epoch());
            json.writeNumberProperty("exportTime", System.currentTimeMillis());
            json.writePOJOProperty("vector", held);
            // the original app's exports carried these; its tools and people read them
            List<DeviceOverview> devices = store.devices();
            json.writePOJOProperty("devices", ExportDevices.devices(devices));
            json.writeStringProperty("lastIMEI", ExportDevices.lastImei(devices));
            json.writeArrayPropertyStart("records");
            try (Stream<StoredRecord> records = store.streamAll()) {
                records.forEach(r -> json.writePOJO(WireRecord.of(r)));
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    void writeGzip(OutputStream out) throws IOException {
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            write(gzip);
        }
    }

    /** @throws IllegalArgumentException when the file is not a complete, well-formed export */
    public MergeResult importFile(Path file) {
        Map<String, Long> fileVector = read(file, record -> { });
        MergeResult[] total = {MergeResult.NONE};
        List<WireRecord> batch = new ArrayList<>(batchRecords);
        read(file, record -> {
            batch.add(record);
            if (batch.size() >= batchRecords) {
                // each part is covered by the file's vector as far as it goes (the merge caps it at the part)
                total[0] = total[0].plus(merge.mergeWire(batch, fileVector));
                batch.clear();
            }
        });
        return total[0].plus(merge.mergeWire(batch, fileVector));
    }

    /** Streams the file's records to {@code each}, one in memory at a time; answers its vector. */
    private static Map<String, Long> read(Path file, Consumer<WireRecord> each) {
        Map<String, Long> fileVector = null;
        String format = null;
        boolean records = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 65536);
             JsonParser p = PeerWire.JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an export file is a JSON object");
            }
            for (String name; (name = p.nextName()) != null; ) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "format" -> format = p.getValueAsString();
                    case "vector" -> fileVector = new TreeMap<>(VECTOR.<Map<String, Long>>readValue(p));
                    case "records" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("records must be an array");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            WireRecord record = RECORD.readValue(p);
                            if (record.record() == null || record.originNode() == null) {
                                throw new IllegalArgumentException("a record without its record or origin");
                            }
                            each.accept(record);
                        }
                        records = true;
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed export file: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!PeerWire.EXPORT_FORMAT.equals(format) || fileVector == null || !records) {
            throw new IllegalArgumentException(
                    "not a " + PeerWire.EXPORT_FORMAT + " export (format, vector and records are required)");
        }
        return fileVector;
    }
}
