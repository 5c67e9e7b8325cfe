package io.galileosync.simulate;

import java.util.List;
import java.util.Random;

/**
 * The archive of one simulated vehicle: it drives (accelerating towards a changing target speed, drifting and
 * now and then turning), stops, parks with the ignition off, and drives on. A record is written every
 * {@value #DRIVING_PERIOD_S} s while driving and every {@value #PARKED_PERIOD_S} s while stopped, as trackers
 * are usually set up. Sensors follow the vehicle: supply voltage with the ignition, fuel falling with distance
 * and engine time (refuelled when low), coolant warming up, a cold 1-Wire cargo thermometer, cell towers changing
 * with distance, and a few records without a valid fix (tunnels). The same seed and tracker give the same
 * records.
 */
public final class TrackGenerator {

    public static final int ANALOG_INPUTS = 4;
    /** seconds between records while driving / while stopped */
    public static final int DRIVING_PERIOD_S = 10;
    public static final int PARKED_PERIOD_S = 60;
    /** Never faster than this (km/h): the top of the target speeds. */
    public static final double MAX_SPEED_KMH = 110;

    private static final double CENTER_LAT = 58.0105; // Perm, where Galileosky trackers are made
    private static final double CENTER_LON = 56.2502;
    private static final double METERS_PER_DEGREE = 111_320;
    private static final double MAX_ROAM_DEGREES = 0.4;
    private static final double ACCELERATION_KMH_PER_S = 2.5;
    private static final double TANK_LITERS = 400;
    private static final int FUEL_SENSOR_FULL = 4095;
    private static final double LITERS_PER_METER = 0.0003;
    private static final double IDLE_LITERS_PER_SECOND = 2.0 / 3600;
    private static final int STATUS_MOVING = 1;
    private static final int STATUS_IGNITION = 1 << 9;
    private static final int GSM_SIGNAL_SHIFT = 12;

    private final Random random;
    private final int oneWireBase;
    private final double homeLatitude;
    private final double homeLongitude;
    private long timeMs;
    private int recordNumber;
    private double latitude;
    private double longitude;
    private double course;
    private double speed;
    private double targetSpeed;
    private double altitude;
    private boolean driving;
    private double phaseSecondsLeft;
    private boolean ignition;
    private int satellites;
    private int tunnelRecordsLeft;
    private double fuelLiters;
    private double odometer;
    private double coolant;
    private double deviceTemperature;
    private double cargoTemperature;
    private int lastValidLatMicro;
    private int lastValidLonMicro;

    private TrackGenerator(long seed, int tracker, long startTimeMs) {
        random = new Random(seed * 1_000_003L + tracker);
        timeMs = startTimeMs;
        recordNumber = random.nextInt(65536);
        latitude = CENTER_LAT + (random.nextDouble() - 0.5) * 0.5;
        longitude = CENTER_LON + (random.nextDouble() - 0.5) * 0.9;
        homeLatitude = latitude;
        homeLongitude = longitude;
        course = random.nextDouble() * 360;
        altitude = 120 + random.nextDouble() * 150;
        satellites = 8 + random.nextInt(5);
        fuelLiters = TANK_LITERS * (0.4 + random.nextDouble() * 0.5);
        odometer = random.nextInt(500_000_000);
        deviceTemperature = 20 + random.nextInt(10);
        cargoTemperature = -18 + random.nextDouble() * 4;
        coolant = deviceTemperature;
        oneWireBase = 1 + random.nextInt(8);
        startDriving();
        lastValidLatMicro = micro(latitude);
        lastValidLonMicro = micro(longitude);
    }

    /** @param startTimeMs time of the first record */
    public static TrackGenerator forTracker(long seed, int tracker, long startTimeMs) {
        return new TrackGenerator(seed, tracker, startTimeMs);
    }

    public SimulatedRecord next() {
        SimulatedRecord record = new SimulatedRecord(recordNumber, timeMs, fix(), terminal(), sensors());
        int period = speed > 0 || driving ? DRIVING_PERIOD_S : PARKED_PERIOD_S;
        for (int s = 0; s < period; s++) {
            step();
        }
        // the next record at a whole period later, give or take the GNSS receiver's millisecond
        timeMs = (timeMs / 1000 + period) * 1000 + random.nextInt(1000);
        recordNumber = (recordNumber + 1) & 0xFFFF;
        return record;
    }

    /** One second of the vehicle's life. */
    private void step() {
        phaseSecondsLeft--;
        if (driving && phaseSecondsLeft <= 0) {
            targetSpeed = 0;
            if (speed == 0) {
                park();
            }
        } else if (!driving && phaseSecondsLeft <= 0) {
            startDriving();
        }
        double change = Math.max(-ACCELERATION_KMH_PER_S, Math.min(ACCELERATION_KMH_PER_S, targetSpeed - speed));
        speed = Math.max(0, speed + change);
        double meters = speed / 3.6;
        if (meters > 0) {
            course = (course + random.nextGaussian() * 1.5 + 360) % 360;
            double radians = Math.toRadians(course);
            latitude += meters * Math.cos(radians) / METERS_PER_DEGREE;
            longitude += meters * Math.sin(radians) / (METERS_PER_DEGREE * Math.cos(Math.toRadians(latitude)));
            altitude = Math.max(60, Math.min(450, altitude + random.nextGaussian() * meters / 50));
            odometer += meters;
            fuelLiters -= meters * LITERS_PER_METER;
        }
        if (ignition) {
            fuelLiters -= IDLE_LITERS_PER_SECOND;
            coolant = Math.min(90, coolant + 0.05);
        } else {
            coolant = Math.max(deviceTemperature, coolant - 0.02);
        }
        fuelLiters = Math.max(0, fuelLiters);
        cargoTemperature = Math.max(-22, Math.min(-12, cargoTemperature + random.nextGaussian() * 0.05));
    }

    /** Called at record boundaries only, so between two records the speed only rises or only falls. */
    private void maybeChangeCourseAndTarget() {
        if (!driving || targetSpeed == 0) {
            return;
        }
        if (random.nextDouble() < 0.15) {
            targetSpeed = 20 + random.nextDouble() * (MAX_SPEED_KMH - 20);
        }
        if (random.nextDouble() < 0.05) {
            course = (course + (random.nextBoolean() ? 90 : -90) + 360) % 360;
        }
        double north = homeLatitude - latitude;
        double east = (homeLongitude - longitude) * Math.cos(Math.toRadians(latitude));
        if (Math.hypot(north, east) > MAX_ROAM_DEGREES) { // a delivery van: it stays in its region
            double towardsHome = Math.toDegrees(Math.atan2(east, north));
            double turn = ((towardsHome - course) % 360 + 540) % 360 - 180;
            course = (course + Math.max(-20, Math.min(20, turn)) + 360) % 360;
        }
    }

    private void startDriving() {
        driving = true;
        ignition = true;
        phaseSecondsLeft = 300 + random.nextInt(2400);
        targetSpeed = 20 + random.nextDouble() * (MAX_SPEED_KMH - 20);
    }

    private void park() {
        driving = false;
        ignition = random.nextDouble() < 0.3; // sometimes the engine keeps idling
        phaseSecondsLeft = 60 + random.nextInt(1200);
        if (fuelLiters < TANK_LITERS * 0.15) {
            fuelLiters = TANK_LITERS * 0.95;
        }
    }

    private SimulatedRecord.Fix fix() {
        maybeChangeCourseAndTarget();
        if (tunnelRecordsLeft == 0 && speed > 0 && random.nextDouble() < 0.003) {
            tunnelRecordsLeft = 1 + random.nextInt(5);
        }
        satellites = Math.max(5, Math.min(14, satellites + random.nextInt(3) - 1));
        if (tunnelRecordsLeft > 0) {
            tunnelRecordsLeft--;
            return new SimulatedRecord.Fix(false, random.nextInt(3), lastValidLatMicro, lastValidLonMicro, 0, 0,
                    (int) Math.round(altitude), 99);
        }
        lastValidLatMicro = micro(latitude);
        lastValidLonMicro = micro(longitude);
        int hdopTenths = (int) Math.round(10 * (0.5 + 6.0 / satellites + random.nextDouble() * 0.3));
        return new SimulatedRecord.Fix(true, satellites, lastValidLatMicro, lastValidLonMicro,
                (int) Math.round(speed * 10), (int) Math.round(course * 10) % 3600, (int) Math.round(altitude),
                hdopTenths);
    }

    private SimulatedRecord.Terminal terminal() {
        int gsmSignal = 2 + random.nextInt(2);
        int status = (speed > 0 ? STATUS_MOVING : 0) | (ignition ? STATUS_IGNITION : 0) | gsmSignal << GSM_SIGNAL_SHIFT;
        int supply = ignition ? 13_900 + random.nextInt(300) - 150 : 12_450 + random.nextInt(200) - 100;
        deviceTemperature = Math.max(5, Math.min(55, deviceTemperature + random.nextGaussian() * 0.2));
        int doorOpen = !driving && random.nextDouble() < 0.2 ? 2 : 0;
        return new SimulatedRecord.Terminal(status, supply, 4_100 + random.nextInt(100) - 50,
                (int) Math.round(deviceTemperature), 0, (ignition ? 1 : 0) | doorOpen);
    }

    private SimulatedRecord.Sensors sensors() {
        double fuelShare = fuelLiters / TANK_LITERS;
        List<Integer> analog = List.of(
                Math.max(0, (ignition ? 13_700 : 12_300) + random.nextInt(200) - 100), // supply seen on input 0
                (int) Math.round(fuelShare * 10_000), // analog fuel gauge, 0-10 V
                random.nextInt(30), random.nextInt(30)); // unused inputs: noise
        int rpm = !ignition ? 0 : speed > 0 ? 1_100 + (int) (speed * 14) : 750 + random.nextInt(50);
        int fuelSensor = (int) Math.round(fuelShare * FUEL_SENSOR_FULL);
        long tower = (long) (odometer / 2_000); // a new cell about every 2 km
        int rssi = 12 + random.nextInt(15);
        return new SimulatedRecord.Sensors(analog, oneWireBase, (int) Math.round(cargoTemperature), fuelSensor,
                (int) Math.round(fuelShare * 100 / 0.4), (int) Math.round(coolant) + 40, rpm * 8,
                (long) odometer, (int) (10_000 + tower % 50_000), (int) (7_700 + tower / 50 % 200), rssi,
                satellites + 2 + random.nextInt(4), satellites, 30 + random.nextInt(10), 42 + random.nextInt(8));
    }

    private static int micro(double degrees) {
        return (int) Math.round(degrees * 1e6);
    }
}
