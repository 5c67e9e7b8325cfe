package io.galileosync.simulate;

import java.util.List;

/**
 * One archive record of a simulated tracker, in the units it has on the wire (PROTOCOL.md §2), so what a
 * server decodes is these numbers scaled: latitude = {@code latitudeMicro / 1e6}, speed = {@code speedTenths / 10}.
 *
 * @param recordNumber tag 0x10, the device's 16-bit archive counter (wraps)
 * @param timeMs       tags 0x20 (seconds) and 0x21 (milliseconds)
 */
public record SimulatedRecord(int recordNumber, long timeMs, Fix fix, Terminal terminal, Sensors sensors) {

    /**
     * Tags 0x30 (satellites, validity, position), 0x33 (speed, course), 0x34 (altitude) and 0x35 (HDOP). An
     * invalid fix keeps the last valid position, as trackers do.
     */
    public record Fix(boolean valid, int satellites, int latitudeMicro, int longitudeMicro, int speedTenths,
                      int courseTenths, int altitude, int hdopTenths) {

        public double latitude() {
            return latitudeMicro / 1e6;
        }

        public double longitude() {
            return longitudeMicro / 1e6;
        }

        /** km/h */
        public double speed() {
            return speedTenths / 10.0;
        }

        /** degrees from north */
        public double course() {
            return courseTenths / 10.0;
        }

        public double hdop() {
            return hdopTenths / 10.0;
        }
    }

    /**
     * The terminal itself: tags 0x40 (status bits), 0x41/0x42 (supply and battery, mV), 0x43 (°C),
     * 0x45/0x46 (outputs, inputs).
     */
    public record Terminal(int status, int supplyMv, int batteryMv, int temperature, int outputs, int inputs) {
    }

    /**
     * Connected sensors: analog inputs 0x50.. (mV), 1-Wire thermometer 0x70, RS485 fuel level 0x60, CAN_A1 0xC1
     * (raw bytes: fuel % ÷ 0.4, coolant °C + 40, rpm ÷ 0.125), GNSS odometer 0xD4 (m), and in the extended
     * block 0xFE: cell id and LAC, RSSI, GPS satellites (visible, used, SNR average and maximum).
     */
    public record Sensors(List<Integer> analogInputs, int oneWireId, int oneWireTemperature, int fuelLevel,
                          int canFuelRaw, int canCoolantRaw, int canRpmRaw, long odometerMeters, int cellId,
                          int lac, int rssi, int gpsVisible, int gpsUsed, int snrAverage, int snrMax) {

        public Sensors {
            analogInputs = List.copyOf(analogInputs);
        }
    }
}
