package io.galileosync.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded tracks must look like a vehicle's: a tracker's worth of records per seed, checked record by record. */
class TrackGeneratorTest {

    private static final int RECORDS = 5_000;
    private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final double EARTH_RADIUS_M = 6_371_000;
    private static final double ACCELERATION_KMH_PER_S = 2.5;

    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 42, 20261124);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameSeedAndTrackerGiveTheSameTrackOthersDiffer(long seed) {
        List<SimulatedRecord> once = records(seed, 3, 200);
        assertThat(records(seed, 3, 200)).isEqualTo(once);
        assertThat(records(seed, 4, 200)).isNotEqualTo(once);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void timeAndRecordNumbersAdvanceLikeATrackersArchive(long seed) {
        List<SimulatedRecord> track = records(seed, 0, RECORDS);
        assertThat(track.get(0).timeMs()).isEqualTo(START_MS);
        for (int i = 1; i < track.size(); i++) {
            SimulatedRecord a = track.get(i - 1);
            SimulatedRecord b = track.get(i);
            long gapSeconds = b.timeMs() / 1000 - a.timeMs() / 1000;
            assertThat(gapSeconds).isIn((long) TrackGenerator.DRIVING_PERIOD_S, (long) TrackGenerator.PARKED_PERIOD_S);
            assertThat(b.recordNumber()).isEqualTo((a.recordNumber() + 1) & 0xFFFF);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void fixesMoveNoFasterThanTheReportedSpeedsAllow(long seed) {
        List<SimulatedRecord> track = records(seed, 1, RECORDS);
        double driven = 0;
        int moving = 0;
        int invalid = 0;
        for (int i = 1; i < track.size(); i++) {
            SimulatedRecord.Fix a = track.get(i - 1).fix();
            SimulatedRecord.Fix b = track.get(i).fix();
            if (!b.valid()) {
                invalid++;
                assertThat(b.satellites()).isLessThan(4);
                assertThat(b.latitudeMicro()).as("an invalid fix keeps the last position").isEqualTo(a.latitudeMicro());
                continue;
            }
            if (!a.valid()) {
                continue;
            }
            // the vehicle moves in whole periods; the milliseconds are the receiver's jitter
            long seconds = track.get(i).timeMs() / 1000 - track.get(i - 1).timeMs() / 1000;
            double meters = distance(a, b);
            driven += meters;
            assertThat(meters).as("record %d", i)
                    .isLessThanOrEqualTo(TrackGenerator.MAX_SPEED_KMH / 3.6 * seconds + 1);
            if (a.speedTenths() == 0 && b.speedTenths() == 0 && seconds == TrackGenerator.PARKED_PERIOD_S) {
                assertThat(meters).as("parked at record %d", i).isLessThan(1);
            }
            assertThat(Math.abs(b.speed() - a.speed())).as("speed change at record %d", i)
                    .isLessThanOrEqualTo(ACCELERATION_KMH_PER_S * seconds + 0.1);
            if (b.speedTenths() > 0) {
                moving++;
            }
        }
        assertThat(moving).as("records while moving").isGreaterThan(RECORDS / 3);
        assertThat(invalid).as("records without a fix (tunnels)").isLessThan(RECORDS / 50);
        assertThat(driven / 1000).as("km driven").isGreaterThan(100);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void valuesStayInPlausibleRanges(long seed) {
        List<SimulatedRecord> track = records(seed, 2, RECORDS);
        SimulatedRecord first = track.get(0);
        boolean refuelled = false;
        for (int i = 0; i < track.size(); i++) {
            SimulatedRecord r = track.get(i);
            SimulatedRecord.Fix fix = r.fix();
            assertThat(fix.speed()).isBetween(0.0, TrackGenerator.MAX_SPEED_KMH);
            assertThat(fix.course()).isGreaterThanOrEqualTo(0.0).isLessThan(360.0);
            assertThat(fix.altitude()).isBetween(60, 450);
            assertThat(fix.satellites()).isBetween(0, 15);
            if (fix.valid()) {
                assertThat(fix.satellites()).isBetween(5, 14);
                assertThat(fix.hdop()).isBetween(0.5, 2.5);
            }
            assertThat(Math.abs(fix.latitude() - first.fix().latitude())).as("stays in its region").isLessThan(1.5);
            boolean ignition = (r.terminal().status() & 1 << 9) != 0;
            assertThat(r.terminal().inputs() & 1).as("ignition input follows the status bit").isEqualTo(ignition ? 1 : 0);
            assertThat(r.terminal().supplyMv()).isBetween(ignition ? 13_700 : 12_300, ignition ? 14_100 : 12_600);
            assertThat(r.terminal().batteryMv()).isBetween(4_000, 4_200);
            assertThat(r.terminal().temperature()).isBetween(5, 55);
            if (fix.speedTenths() > 0) {
                assertThat(ignition).as("a vehicle moves with the engine on").isTrue();
                assertThat(r.terminal().status() & 1).as("moving bit").isEqualTo(1);
            }
            SimulatedRecord.Sensors s = r.sensors();
            assertThat(s.fuelLevel()).isBetween(0, 4095);
            assertThat(s.canFuelRaw()).isBetween(0, 250);
            assertThat(s.canCoolantRaw() - 40).isBetween(0, 90);
            assertThat(s.canRpmRaw() / 8).isBetween(ignition ? 700 : 0, ignition ? 3_000 : 0);
            assertThat(s.oneWireTemperature()).as("refrigerated cargo").isBetween(-22, -12);
            assertThat(s.rssi()).isBetween(0, 31);
            assertThat(s.gpsUsed()).isLessThanOrEqualTo(s.gpsVisible());
            if (i > 0) {
                SimulatedRecord before = track.get(i - 1);
                assertThat(s.odometerMeters()).isGreaterThanOrEqualTo(before.sensors().odometerMeters());
                refuelled |= s.fuelLevel() > before.sensors().fuelLevel() + 1000;
                if (s.fuelLevel() > before.sensors().fuelLevel()) {
                    assertThat(fix.speedTenths()).as("fuel only rises at a stop").isZero();
                }
            }
        }
        assertThat(track.get(track.size() - 1).sensors().odometerMeters() - first.sensors().odometerMeters())
                .as("odometer counts the distance driven").isGreaterThan(100_000);
        assertThat(refuelled || fuelFallsThroughout(track)).isTrue();
    }

    private static boolean fuelFallsThroughout(List<SimulatedRecord> track) {
        return track.get(track.size() - 1).sensors().fuelLevel() < track.get(0).sensors().fuelLevel();
    }

    private static List<SimulatedRecord> records(long seed, int tracker, int count) {
        TrackGenerator generator = TrackGenerator.forTracker(seed, tracker, START_MS);
        List<SimulatedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(generator.next());
        }
        return records;
    }

    /** Haversine, in metres. */
    private static double distance(SimulatedRecord.Fix a, SimulatedRecord.Fix b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
    }
}
