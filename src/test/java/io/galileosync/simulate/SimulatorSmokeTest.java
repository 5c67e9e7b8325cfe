package io.galileosync.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.ingest.IngestServer;
import io.galileosync.web.GalileoTestProperties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator against the real service over real TCP: every record acknowledged is stored once, as sent. */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SimulatorSmokeTest {

    private static final int TRACKERS = 3;
    private static final int RECORDS = 100;
    private static final long SEED = 11;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00.250Z");

    @Autowired
    IngestServer server;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyRecordIsAcknowledgedAndStoredExactlyOnceWithTheGeneratedValues() throws Exception {
        long imeiBase = 869_100_000_000_000L;
        SimulatorOptions options = new SimulatorOptions("127.0.0.1", server.port(), TRACKERS, RECORDS, 7,
                Double.POSITIVE_INFINITY, imeiBase, SEED, START, Duration.ofSeconds(10), 5);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        SimulationReport report = new Simulator(options, new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run();

        assertThat(report.allAcked()).as(report.format()).isTrue();
        assertThat(report.recordsAcked()).isEqualTo(TRACKERS * RECORDS);
        assertThat(report.trackersFailed()).isZero();
        assertThat(report.errors()).isEmpty();
        // a head packet and ceil(100 / 7) = 15 main packets per tracker, however many were resent
        assertThat(report.packetsAcked()).isEqualTo(TRACKERS * 16L);
        assertThat(report.ackP50Micros()).isPositive().isLessThanOrEqualTo(report.ackP99Micros());
        assertThat(report.ackP99Micros()).isLessThanOrEqualTo(report.ackMaxMicros());

        for (int t = 0; t < TRACKERS; t++) {
            String imei = options.imei(t);
            assertThat(count("select count(*) from records where imei = ?", imei)).as(imei).isEqualTo(RECORDS);
            assertThat(count("select count(distinct time_ms) from records where imei = ?", imei)).isEqualTo(RECORDS);
            Map<String, Object> device = jdbc.sql("select * from devices where imei = ?").param(imei).query()
                    .singleRow();
            assertThat(device.get("RECORD_COUNT")).isEqualTo((long) RECORDS);
            assertThat(device.get("HARDWARE_VERSION")).isEqualTo(17);
            assertThat(device.get("DEVICE_NUMBER")).isEqualTo(t + 1);

            List<SimulatedRecord> sent = generated(t);
            for (int index : new int[] {0, 1, 50, RECORDS - 1}) {
                assertStoredAs(imei, sent.get(index));
            }
        }
    }

    @Test
    void theCommandHoldsTheRateAndExitsWithZeroWhenEverythingWasAcknowledged() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long started = System.nanoTime();
        int code = SimulateCommand.run(new String[] {"--port", String.valueOf(server.port()), "--records", "50",
                        "--per-packet", "5", "--rate", "100", "--imei-base", "869200000000000"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(SimulateCommand.ALL_ACKED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("records acked  50 of 50");
        // 100 records/s: the first packet at once, the other 45 records at least 0.45 s later
        assertThat(seconds).isGreaterThanOrEqualTo(0.45);
        assertThat(count("select count(*) from records where imei = ?", "869200000000000")).isEqualTo(50);
    }

    private void assertStoredAs(String imei, SimulatedRecord sent) throws Exception {
        Map<String, Object> row = jdbc.sql("""
                select latitude, longitude, satellites, fix_valid, speed, course, altitude, hdop, status,
                       supply_voltage, temperature, inputs, attributes
                from records where imei = ? and time_ms = ? and record_number = ?""")
                .params(imei, sent.timeMs(), sent.recordNumber()).query().singleRow();
        String what = imei + " at " + Instant.ofEpochMilli(sent.timeMs());
        SimulatedRecord.Fix fix = sent.fix();
        assertThat(row.get("LATITUDE")).as(what).isEqualTo(fix.latitude());
        assertThat(row.get("LONGITUDE")).as(what).isEqualTo(fix.longitude());
        assertThat(row.get("SATELLITES")).as(what).isEqualTo(fix.satellites());
        assertThat(row.get("FIX_VALID")).as(what).isEqualTo(fix.valid());
        assertThat(row.get("SPEED")).as(what).isEqualTo(fix.speed());
        assertThat(row.get("COURSE")).as(what).isEqualTo(fix.course());
        assertThat(row.get("ALTITUDE")).as(what).isEqualTo(fix.altitude());
        assertThat(row.get("HDOP")).as(what).isEqualTo(fix.hdop());
        assertThat(row.get("STATUS")).as(what).isEqualTo(sent.terminal().status());
        assertThat(row.get("SUPPLY_VOLTAGE")).as(what).isEqualTo(sent.terminal().supplyMv());
        assertThat(row.get("TEMPERATURE")).as(what).isEqualTo(sent.terminal().temperature());
        assertThat(row.get("INPUTS")).as(what).isEqualTo(sent.terminal().inputs());
        JsonNode attributes = JsonMapper.shared().readTree((String) row.get("ATTRIBUTES"));
        assertThat(attributes.get("fuelLevel0").asInt()).as(what).isEqualTo(sent.sensors().fuelLevel());
        assertThat(attributes.get("odometer").asLong()).as(what).isEqualTo(sent.sensors().odometerMeters());
        assertThat(attributes.get("oneWire0").get("temperature").asInt()).as(what)
                .isEqualTo(sent.sensors().oneWireTemperature());
        assertThat(attributes.get("rssi").asInt()).as(what).isEqualTo(sent.sensors().rssi());
    }

    private static List<SimulatedRecord> generated(int tracker) {
        TrackGenerator generator = TrackGenerator.forTracker(SEED, tracker, START.toEpochMilli());
        List<SimulatedRecord> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(generator.next());
        }
        return records;
    }

    private long count(String sql, String imei) {
        return jdbc.sql(sql).param(imei).query(Long.class).single();
    }
}
