package io.galileosync.simulate;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What {@code simulate} was asked to do. {@link #parse} turns command-line arguments into options; both it and
 * the constructor throw an {@link IllegalArgumentException} whose message names the wrong argument and says why.
 *
 * @param records    records each tracker sends
 * @param perPacket  records per main packet (a tracker's last packet may hold fewer)
 * @param rate       records per second over all trackers; {@code Double.POSITIVE_INFINITY}: as fast as ACKs come
 * @param imeiBase   tracker {@code i} has IMEI {@code imeiBase + i} (15 digits)
 * @param seed       with the tracker number, decides every track
 * @param start      time of every tracker's first record
 * @param ackTimeout a packet not acknowledged within this is sent again
 * @param maxResends a tracker gives up after sending one packet this many more times, or after losing its
 *                   connection this many times in a row
 */
public record SimulatorOptions(String host, int port, int trackers, int records, int perPacket, double rate,
                               long imeiBase, long seed, Instant start, Duration ackTimeout, int maxResends) {

    public static final int MAX_TRACKERS = 100_000;
    /** 300 records of {@link PacketEncoder}'s tag mix stay well inside the 32767-byte payload limit. */
    public static final int MAX_PER_PACKET = 300;
    private static final long MIN_IMEI = 100_000_000_000_000L;
    private static final long MAX_IMEI = 999_999_999_999_999L;
    private static final long MAX_ACK_TIMEOUT_S = 3600;

    public static final String USAGE = """
            usage: java -jar galileo-sync.jar simulate [options]
              --host H           server address (default 127.0.0.1)
              --port P           Galileosky TCP port (default 3003)
              --trackers N       trackers, each on its own connection, 1-100000 (default 1)
              --records R        records each tracker sends (default 1000)
              --per-packet K     records per main packet, 1-300 (default 10)
              --rate X           records per second over all trackers (default: as fast as the ACKs come)
              --imei-base IMEI   15-digit IMEI of the first tracker; the others count up (default 860000000000000)
              --seed S           decides the tracks (default 1)
              --start INSTANT    time of the first record, e.g. 2026-01-01T00:00:00Z
                                 (default: early enough that every record lies in the past)
              --ack-timeout SEC  send a packet again when its ACK takes longer than this (default 10)
              --max-resends M    give a tracker up after M resends of one packet or M lost connections (default 5)
            Exit code 0 when every record was acknowledged, 1 when not, 2 for bad arguments.""";

    private static final Set<String> NAMES = Set.of("host", "port", "trackers", "records", "per-packet", "rate",
            "imei-base", "seed", "start", "ack-timeout", "max-resends");

    public SimulatorOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must not be empty");
        }
        range("port", port, 1, 65535);
        range("trackers", trackers, 1, MAX_TRACKERS);
        range("records", records, 1, Integer.MAX_VALUE);
        range("per-packet", perPacket, 1, MAX_PER_PACKET);
        range("max-resends", maxResends, 0, 1000);
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be a positive number of records per second, got " + rate);
        }
        if (imeiBase < MIN_IMEI || imeiBase > MAX_IMEI) {
            throw new IllegalArgumentException("--imei-base must be 15 digits, not starting with 0, got " + imeiBase);
        }
        if (imeiBase + trackers - 1 > MAX_IMEI) {
            throw new IllegalArgumentException(String.format(
                    "--imei-base %d with %d trackers runs past 15 digits", imeiBase, trackers));
        }
        if (start == null) {
            throw new IllegalArgumentException("--start is required");
        }
        if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()
                || ackTimeout.compareTo(Duration.ofSeconds(MAX_ACK_TIMEOUT_S)) > 0) {
            throw new IllegalArgumentException("--ack-timeout must be more than 0 and at most "
                    + MAX_ACK_TIMEOUT_S + " seconds, got " + ackTimeout);
        }
    }

    public String imei(int tracker) {
        return Long.toString(imeiBase + tracker);
    }

    public long totalRecords() {
        return (long) trackers * records;
    }

    /** {@code --name value} or {@code --name=value}; unknown, repeated or value-less arguments are refused. */
    public static SimulatorOptions parse(String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : "";
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (given.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        int records = (int) whole(given, "records", 1000);
        String imeiBase = given.getOrDefault("imei-base", "860000000000000");
        if (!imeiBase.matches("[1-9][0-9]{14}")) {
            throw new IllegalArgumentException("--imei-base must be 15 digits, not starting with 0, got '"
                    + imeiBase + "'");
        }
        String start = given.get("start");
        return new SimulatorOptions(
                given.getOrDefault("host", "127.0.0.1"),
                (int) whole(given, "port", 3003),
                (int) whole(given, "trackers", 1),
                records,
                (int) whole(given, "per-packet", 10),
                number(given, "rate", Double.POSITIVE_INFINITY),
                Long.parseLong(imeiBase),
                whole(given, "seed", 1),
                start == null ? defaultStart(records) : instant(start),
                Duration.ofNanos(Math.round(1e9 * Math.min(number(given, "ack-timeout", 10), 1e9))),
                (int) whole(given, "max-resends", 5));
    }

    /** Early enough that even an archive of only parked records (the longest period) ends before now. */
    private static Instant defaultStart(int records) {
        return Instant.ofEpochSecond(Instant.now().getEpochSecond()
                - (long) records * TrackGenerator.PARKED_PERIOD_S - 3600);
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format("--%s must be from %d to %d, got %d",
                    name, min, max, value));
        }
    }

    /** A whole number: a long for the seed, an int for the others. */
    private static long whole(Map<String, String> given, String name, long fallback) {
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return name.equals("seed") ? Long.parseLong(value) : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number"
                    + (name.equals("seed") ? "" : " of at most " + Integer.MAX_VALUE) + ", got '" + value + "'");
        }
    }

    private static double number(Map<String, String> given, String name, double fallback) {
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a number, got '" + value + "'");
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--start must be an ISO-8601 instant like 2026-01-01T00:00:00Z, got '" + value + "'");
        }
    }
}
