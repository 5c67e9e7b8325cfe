package io.galileosync.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorOptionsTest {

    @Test
    void everyOptionIsRead() {
        SimulatorOptions o = SimulatorOptions.parse("--host", "10.0.0.5", "--port", "5003", "--trackers", "1000",
                "--records", "200", "--per-packet", "25", "--rate=5000", "--imei-base", "860000000001000",
                "--seed", "-7", "--start", "2026-01-01T00:00:00Z", "--ack-timeout", "2.5", "--max-resends", "0");
        assertThat(o).isEqualTo(new SimulatorOptions("10.0.0.5", 5003, 1000, 200, 25, 5000, 860_000_000_001_000L,
                -7, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(2500), 0));
        assertThat(o.imei(0)).isEqualTo("860000000001000");
        assertThat(o.imei(999)).isEqualTo("860000000001999");
        assertThat(o.totalRecords()).isEqualTo(200_000);
    }

    @Test
    void defaultsLeaveEveryRecordInThePast() {
        SimulatorOptions o = SimulatorOptions.parse();
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isEqualTo(3003);
        assertThat(o.trackers()).isEqualTo(1);
        assertThat(o.records()).isEqualTo(1000);
        assertThat(o.perPacket()).isEqualTo(10);
        assertThat(o.rate()).isInfinite();
        assertThat(o.imei(0)).isEqualTo("860000000000000");
        assertThat(o.ackTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.start().plusSeconds((long) o.records() * TrackGenerator.PARKED_PERIOD_S))
                .isBefore(Instant.now());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--trackers                              | --trackers needs a value",
            "--trackers --records 5                  | --trackers needs a value",
            "--trakers 5                             | unknown argument '--trakers'",
            "trackers 5                              | unknown argument 'trackers'",
            "--trackers 5 --trackers 6               | --trackers is given twice",
            "--trackers five                         | --trackers must be a whole number of at most 2147483647, got 'five'",
            "--records 99999999999                   | --records must be a whole number of at most 2147483647, got '99999999999'",
            "--trackers 0                            | --trackers must be from 1 to 100000, got 0",
            "--trackers 100001                       | --trackers must be from 1 to 100000, got 100001",
            "--records 0                             | --records must be from 1 to 2147483647, got 0",
            "--per-packet 301                        | --per-packet must be from 1 to 300, got 301",
            "--port 70000                            | --port must be from 1 to 65535, got 70000",
            "--rate 0                                | --rate must be a positive number of records per second, got 0.0",
            "--rate -5                               | --rate must be a positive number of records per second, got -5.0",
            "--rate lots                             | --rate must be a number, got 'lots'",
            "--rate NaN                              | --rate must be a number, got 'NaN'",
            "--imei-base 86000000000000              | --imei-base must be 15 digits, not starting with 0, got '86000000000000'",
            "--imei-base 06000000000000X             | --imei-base must be 15 digits, not starting with 0, got '06000000000000X'",
            "--imei-base 999999999999999 --trackers 2 | --imei-base 999999999999999 with 2 trackers runs past 15 digits",
            "--start yesterday                       | --start must be an ISO-8601 instant like 2026-01-01T00:00:00Z, got 'yesterday'",
            "--ack-timeout 0                         | --ack-timeout must be more than 0 and at most 3600 seconds, got PT0S",
            "--max-resends -1                        | --max-resends must be from 0 to 1000, got -1",
            "--host=                                 | --host must not be empty",
    })
    void badArgumentsAreRefusedWithAClearMessage(String args, String message) {
        assertThatThrownBy(() -> SimulatorOptions.parse(args.trim().split("\\s+")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void theCommandPrintsTheProblemAndTheUsageAndExitsWithTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulateCommand.run(new String[] {"--trackers", "-3"}, print(out), print(err));
        assertThat(code).isEqualTo(SimulateCommand.BAD_ARGUMENTS);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("simulate: --trackers must be from 1 to 100000, got -3")
                .contains("usage: java -jar galileo-sync.jar simulate");
        assertThat(out.size()).isZero();
    }

    @Test
    void helpPrintsTheUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(SimulateCommand.run(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream())))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--per-packet K");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
