package io.galileosync.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.ingest.IngestServer;
import io.galileosync.store.RecordStore;
import io.galileosync.store.StoredRecord;
import io.galileosync.store.TimeRange;
import io.galileosync.store.TrackRecord;
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

    @Autowired
    RecordStore store;

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
            List<TrackRecord> records = stored(imei);
            assertThat(records).as(imei).hasSize(RECORDS);
            assertThat(records.stream().map(TrackRecord::timeMs).distinct()).hasSize(RECORDS);
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
        assertThat(stored("869200000000000")).hasSize(50);
    }

    private void assertStoredAs(String imei, SimulatedRecord sent) {
        TrackRecord row = stored(imei).stream()
                .filter(r -> r.timeMs() == sent.timeMs() && r.recordNumber() == sent.recordNumber())
                .findFirst().orElseThrow();
        String what = imei + " at " + Instant.ofEpochMilli(sent.timeMs());
        SimulatedRecord.Fix fix = sent.fix();
        assertThat(row.latitude()).as(what).isEqualTo(fix.latitude());
        assertThat(row.longitude()).as(what).isEqualTo(fix.longitude());
        assertThat(row.satellites()).as(what).isEqualTo(fix.satellites());
        assertThat(row.fixValid()).as(what).isEqualTo(fix.valid());
        assertThat(row.speed()).as(what).isEqualTo(fix.speed());
        assertThat(row.course()).as(what).isEqualTo(fix.course());
        assertThat(row.altitude()).as(what).isEqualTo(fix.altitude());
        assertThat(row.hdop()).as(what).isEqualTo(fix.hdop());
        assertThat(row.status()).as(what).isEqualTo(sent.terminal().status());
        assertThat(row.supplyVoltage()).as(what).isEqualTo(sent.terminal().supplyMv());
        assertThat(row.temperature()).as(what).isEqualTo(sent.terminal().temperature());
        assertThat(row.inputs()).as(what).isEqualTo(sent.terminal().inputs());
        Map<String, Object> attributes = row.attributes();
        assertThat(number(attributes.get("fuelLevel0"))).as(what).isEqualTo(sent.sensors().fuelLevel());
        assertThat(number(attributes.get("odometer"))).as(what).isEqualTo(sent.sensors().odometerMeters());
        assertThat(number(((Map<?, ?>) attributes.get("oneWire0")).get("temperature"))).as(what)
                .isEqualTo(sent.sensors().oneWireTemperature());
        assertThat(number(attributes.get("rssi"))).as(what).isEqualTo(sent.sensors().rssi());
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private List<TrackRecord> stored(String imei) {
        return store.records(imei, TimeRange.ALL, 0, 10_000, false).records().stream().map(StoredRecord::record)
                .toList();
    }

    private static List<SimulatedRecord> generated(int tracker) {
        TrackGenerator generator = TrackGenerator.forTracker(SEED, tracker, START.toEpochMilli());
        List<SimulatedRecord> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(generator.next());
        }
        return records;
    }

}
