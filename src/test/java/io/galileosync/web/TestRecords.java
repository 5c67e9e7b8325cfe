package io.galileosync.web;

import io.galileosync.store.RecordRows;
import io.galileosync.store.StoredRecord;
import io.galileosync.store.TrackRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts rows straight into the tables the record writer fills, so API tests need no tracker. Each builder
 * starts from plausible values for every column (a record's by the names of the columns it had before the
 * compact row: its fields, attributes as JSON); {@link Row#set} changes any of them before {@link Row#insert}.
 * Records go in through {@link RecordRows}, so devices stay as the test set them.
 */
final class TestRecords {

    static final String NODE = "11111111-2222-3333-4444-555555555555";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final RecordRows rows;
    private long nextSeq = 1;

    TestRecords(JdbcClient jdbc, RecordRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    static long ms(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    /** Empties the API's tables: test classes with the same configuration share one database. */
    void clear() {
        jdbc.sql("delete from records").update();
        jdbc.sql("delete from devices").update();
        jdbc.sql("delete from quarantine").update();
    }

    /** A record with a valid fix and every core field set. */
    Row record(String imei, String time, int recordNumber) {
        long timeMs = ms(time);
        return new Row("records")
                .set("imei", imei).set("time_ms", timeMs).set("record_number", recordNumber)
                .set("latitude", 55.751244).set("longitude", 37.618423).set("satellites", 9).set("fix_valid", true)
                .set("speed", 42.5).set("course", 180.0).set("altitude", 150).set("hdop", 0.9).set("status", 0)
                .set("supply_voltage", 12400).set("battery_voltage", 4100).set("temperature", 21)
                .set("outputs", 0).set("inputs", 1).set("attributes", "{}")
                .set("received_at", timeMs + 1_000).set("origin_node", NODE).set("origin_seq", nextSeq++);
    }

    /**
     * {@code count} records of one device, two per second from {@code start} (record numbers 0 and 1 share a
     * time), latitude = index / 1000; inserted by one statement, as thousands of single inserts would each
     * wait for a disk write.
     */
    void records(String imei, String start, int count) {
        long startMs = ms(start);
        List<StoredRecord> records = new ArrayList<>(count);
        for (int x = 0; x < count; x++) {
            records.add(new StoredRecord(new TrackRecord(imei, startMs + (x / 2) * 1000L, x % 2, x / 1000.0, 37.5, 8,
                    true, 10.0, 90.0, 100, null, null, null, null, null, null, null, Map.of()), NODE, nextSeq++,
                    startMs));
        }
        rows.insert(records);
    }

    Row device(String imei) {
        return new Row("devices")
                .set("imei", imei).set("hardware_version", 17).set("firmware_version", 224).set("device_number", 3)
                .set("first_seen", ms("2024-05-01T08:00:00Z")).set("last_seen", ms("2024-05-01T18:00:00Z"))
                .set("remote_address", "10.0.0.7:50123").set("record_count", 0);
    }

    Row quarantined(String receivedAt, String reason) {
        return new Row("quarantine")
                .set("received_at", ms(receivedAt)).set("imei", "868204005647838")
                .set("remote_address", "10.0.0.7:50123").set("header", 1).set("reason", reason)
                .set("frame_hex", "01170001820210030401");
    }

    final class Row {

        private final String table;
        private final Map<String, Object> columns = new LinkedHashMap<>();

        private Row(String table) {
            this.table = table;
        }

        Row set(String column, Object value) {
            columns.put(column, value);
            return this;
        }

        void insert() {
            if (table.equals("records")) {
                insertRecord();
                return;
            }
            String names = String.join(", ", columns.keySet());
            String values = ":" + String.join(", :", columns.keySet());
            jdbc.sql("insert into " + table + " (" + names + ") values (" + values + ")").params(columns).update();
        }

        /** A {@code body} column, when set, is stored as it is instead of the encoded record. */
        private void insertRecord() {
            Map<String, Object> attributes = JSON.readValue((String) columns.get("attributes"), new TypeReference<>() { });
            TrackRecord record = new TrackRecord((String) columns.get("imei"), (Long) columns.get("time_ms"),
                    (Integer) columns.get("record_number"), (Double) columns.get("latitude"),
                    (Double) columns.get("longitude"), (Integer) columns.get("satellites"),
                    (Boolean) columns.get("fix_valid"), (Double) columns.get("speed"), (Double) columns.get("course"),
                    (Integer) columns.get("altitude"), (Double) columns.get("hdop"), (Integer) columns.get("status"),
                    (Integer) columns.get("supply_voltage"), (Integer) columns.get("battery_voltage"),
                    (Integer) columns.get("temperature"), (Integer) columns.get("outputs"),
                    (Integer) columns.get("inputs"), attributes);
            StoredRecord stored = new StoredRecord(record, (String) columns.get("origin_node"),
                    ((Number) columns.get("origin_seq")).longValue(), (Long) columns.get("received_at"));
            if (columns.containsKey("body")) {
                rows.insertWithBody(stored, (byte[]) columns.get("body"));
            } else {
                rows.insert(List.of(stored));
            }
        }
    }
}
