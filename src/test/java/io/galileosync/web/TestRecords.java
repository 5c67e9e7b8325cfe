package io.galileosync.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Puts rows straight into the tables the record writer fills, so API tests need no tracker. Each builder
 * starts from plausible values for every column; {@link Row#set} changes any of them before {@link Row#insert}.
 */
final class TestRecords {

    static final String NODE = "11111111-2222-3333-4444-555555555555";

    private final JdbcClient jdbc;
    private long nextSeq = 1;

    TestRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        jdbc.sql("""
                insert into records (imei, time_ms, record_number, latitude, longitude, satellites, fix_valid, speed,
                    course, altitude, attributes, received_at, origin_node, origin_seq)
                select :imei, :start + (x / 2) * 1000, mod(x, 2), x / 1000.0, 37.5, 8, true, 10.0, 90.0, 100,
                    '{}', :start, :node, :seq + x
                from system_range(0, :count - 1)""")
                .param("imei", imei).param("start", ms(start)).param("node", NODE).param("seq", nextSeq)
                .param("count", count)
                .update();
        nextSeq += count;
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
            String names = String.join(", ", columns.keySet());
            String values = ":" + String.join(", :", columns.keySet());
            jdbc.sql("insert into " + table + " (" + names + ") values (" + values + ")").params(columns).update();
        }
    }
}
