package io.galileosync.sync;

import io.galileosync.config.GalileoProperties;
import io.galileosync.record.RecordWriter.MergeResult;
import io.galileosync.record.RecordWriter.OriginRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

/**
 * Imports one of our own export files ({@code galileo-sync/1}) of any size: a first pass reads every record
 * (a bad file is refused before anything is stored), a second merges them in batches, and the file's vector
 * is applied last, once every record it covers is committed (an interrupted import is simply run again).
 */
@Component
class ExportFileImport {

    private static final ObjectReader VECTOR = PeerWire.STREAM.readerFor(new TypeReference<Map<String, Long>>() { });
    private static final ObjectReader RECORD = PeerWire.STREAM.readerFor(OriginRecord.class);

    private final SyncService sync;
    private final int batchRecords;

    ExportFileImport(SyncService sync, GalileoProperties properties) {
        this.sync = sync;
        this.batchRecords = properties.sync().batchRecords();
    }

    /** @throws IllegalArgumentException when the file is not a complete, well-formed export */
    MergeResult importFile(LegacyImport.Source file) {
        Map<String, Long> vector = read(file, record -> { });
        long[] totals = new long[4];
        List<OriginRecord> batch = new ArrayList<>(batchRecords);
        read(file, record -> {
            batch.add(record);
            if (batch.size() >= batchRecords) {
                add(totals, sync.merge(batch, Map.of()));
                batch.clear();
            }
        });
        add(totals, sync.merge(batch, vector));
        return new MergeResult((int) totals[0], (int) totals[1], (int) totals[2], (int) totals[3]);
    }

    private static void add(long[] totals, MergeResult result) {
        totals[0] += result.inserted();
        totals[1] += result.duplicates();
        totals[2] += result.conflicts();
        totals[3] += result.rejected();
    }

    /** Streams the file's records to {@code each}, one in memory at a time; answers its vector. */
    private static Map<String, Long> read(LegacyImport.Source file, Consumer<OriginRecord> each) {
        Map<String, Long> vector = null;
        String format = null;
        boolean records = false;
        try (InputStream in = new BufferedInputStream(file.open(), 65536);
             JsonParser p = PeerWire.JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an export file is a JSON object");
            }
            for (String name; (name = p.nextName()) != null; ) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "format" -> format = p.getValueAsString();
                    case "vector" -> vector = new TreeMap<>(VECTOR.<Map<String, Long>>readValue(p));
                    case "records" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("records must be an array");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            OriginRecord record = RECORD.readValue(p);
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
            throw new java.io.UncheckedIOException(e);
        }
        if (!PeerWire.FullExport.FORMAT.equals(format) || vector == null || !records) {
            throw new IllegalArgumentException(
                    "not a " + PeerWire.FullExport.FORMAT + " export (format, vector and records are required)");
        }
        return vector;
    }
}
