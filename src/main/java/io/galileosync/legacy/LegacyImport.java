package io.galileosync.legacy;

import io.galileosync.store.DeviceFill;
import io.galileosync.store.RecordStore;
import io.galileosync.sync.MergeResult;
import io.galileosync.sync.RecordMerge;
import io.galileosync.sync.UnnumberedRecord;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Import of the original Node app's data ({@link LegacyFormat}): its export body ({@code GET /peer/export},
 * {@code POST /peer/sync}), its {@code data/parsed_data.json} array and its {@code data/devices.json}. A file
 * already checked by {@link ImportFormat} is streamed and merged in batches through the sync module's merge
 * (the writer thread, dedup by record key, conflicts, retention), so memory stays bounded whatever the size.
 * The records get this node as origin and this node's next sequence numbers (the old app had no origins); a
 * re-import is all duplicates.
 */
@Component
class LegacyImport {

    private static final int MAX_SKIPPED_LISTED = 100;

    private final RecordMerge merge;
    private final RecordStore store;
    private final int batchRecords;

    LegacyImport(RecordMerge merge, RecordStore store, LegacyProperties properties) {
        this.merge = merge;
        this.store = store;
        this.batchRecords = Math.max(1, Math.min(properties.batchRecords(), 2000));
    }

    /** Imports the checked files of an upload, each of its legacy format; answers what happened. */
    Map<String, Object> importUpload(ImportUpload upload) {
        return importFiles(upload.files, upload.formats);
    }

    /** Imports files already checked by {@link ImportFormat}, each of its legacy format; answers what happened. */
    Map<String, Object> importFiles(List<Path> files, List<ImportFormat> formats) {
        Outcome outcome = new Outcome();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            importChecked(() -> Files.newInputStream(file), formats.get(i), outcome);
        }
        return outcome.answer(formats.stream().map(f -> f.label).reduce((a, b) -> a + "+" + b).orElseThrow());
    }

    /** Imports an old-format body already in memory (a legacy push): checked first, then merged. */
    Outcome importBytes(byte[] body, ImportFormat expected) {
        ImportFormat format = ImportFormat.of(() -> new ByteArrayInputStream(body));
        if (format != expected) {
            throw new ImportFormat.BadFile("expected " + expected.label + ", got " + format.label);
        }
        Outcome outcome = new Outcome();
        importChecked(() -> new ByteArrayInputStream(body), format, outcome);
        return outcome;
    }

    /** What an import did, over one or more files. */
    final class Outcome {
        long imported;
        long duplicates;
        long conflicts;
        long rejected;
        long invalid;
        long headPackets;
        long skippedCount;
        long devicesAdded;
        /** From a last_imei.json: the tracker the old app heard last (ours is whichever reported last). */
        String lastImei;
        final List<Map<String, Object>> skipped = new ArrayList<>();
        private final List<UnnumberedRecord> batch = new ArrayList<>();
        private final Map<String, DeviceFill> devices = new LinkedHashMap<>();

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
            batch.add(new UnnumberedRecord(mapped.record(), mapped.receivedAt()));
            // the records tell when and from where the old app heard each tracker: a device row where unknown
            device(new DeviceFill(mapped.record().imei(), mapped.receivedAt(), mapped.receivedAt(),
                    mapped.clientAddress()));
            if (batch.size() >= batchRecords) {
                flush();
            }
        }

        void device(DeviceFill fill) {
            devices.merge(fill.imei(), fill, DeviceFill::plus);
        }

        private void flush() {
            if (batch.isEmpty()) {
                return;
            }
            MergeResult result = merge.mergeUnnumbered(batch);
            imported += result.inserted();
            duplicates += result.duplicates();
            conflicts += result.conflicts();
            rejected += result.rejected();
            invalid += result.invalid();
            batch.clear();
        }

        void finish() {
            flush();
            if (!devices.isEmpty()) {
                List<DeviceFill> fills = new ArrayList<>(devices.values());
                try {
                    devicesAdded += store.inTransaction(tx -> tx.fillDevices(fills)).join();
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
            answer.put("invalid", invalid);
            answer.put("skipped", skipped);
            answer.put("skippedCount", skippedCount);
            answer.put("headPackets", headPackets);
            answer.put("devicesAdded", devicesAdded);
            if (lastImei != null) {
                answer.put("lastIMEI", lastImei);
            }
            answer.put("format", format);
            return answer;
        }
    }

    /** Streams a checked file of the given format into the store. */
    private void importChecked(ImportFormat.Source source, ImportFormat format, Outcome outcome) {
        try (InputStream in = new BufferedInputStream(source.open(), 65536);
             JsonParser p = ImportFormat.STREAM.createParser(in)) {
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
                case LAST_IMEI -> {
                    // nothing to store: this node's last IMEI is the tracker that reported last
                    p.nextName();
                    p.nextToken();
                    outcome.lastImei = p.currentToken() == JsonToken.VALUE_STRING ? p.getValueAsString() : null;
                }
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
            JsonNode record = ImportFormat.STREAM.readTree(p);
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
            JsonNode device = ImportFormat.STREAM.readTree(p);
            try {
                outcome.device(LegacyFormat.toDevice(imei, device));
            } catch (LegacyFormat.Unmappable e) {
                outcome.skip(imei, e);
            }
        }
    }
}
