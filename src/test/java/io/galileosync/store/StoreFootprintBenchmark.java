package io.galileosync.store;

import com.zaxxer.hikari.HikariDataSource;
import io.galileosync.config.GalileoProperties;
import io.galileosync.ingest.DecodedRecord;
import io.galileosync.ingest.GalileoPacketDecoder;
import io.galileosync.ingest.MdsBitOrder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store alone (not a unit test): an H2 file database with the application's own URL and migrations, and
 * {@code trackers} threads that each submit packets of {@code perPacket} records of a vehicle track through
 * {@link RecordStore#submit} and wait for the commit, as a tracker waits for its ACK. Prints records/s, the
 * ACK (submit-to-commit) and commit percentiles, and the data folder's bytes per record while open and after
 * closing. The records come from the real decoder, from packets with a typical tracker's tags.
 *
 * <pre>./mvnw -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath io.galileosync.store.StoreFootprintBenchmark 1000000 100 10 0"</pre>
 * Arguments: records (1,000,000), trackers (100), records per packet (10), total records/s (0: flat out).
 */
public final class StoreFootprintBenchmark {

    private static final String IMEI_BASE = "35900000";
    private static final long START_MS = 1_700_000_000_000L;

    private StoreFootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int trackers = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perPacket = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        int packetsEach = total / trackers / perPacket;
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path dataDir = Files.createTempDirectory("galileo-footprint");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        meters.config().meterFilter(new WholeRunPercentiles());
        long[][] acks = new long[trackers][packetsEach];
        double seconds;
        long stored;
        try (HikariDataSource dataSource = dataSource(dataDir)) {
            StoreMigrations.flyway().dataSource(dataSource).load().migrate();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            NodeIdentity node = new NodeIdentity(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                    new GalileoProperties(dataDir, new GalileoProperties.Node("footprint")));
            RecordStore store = new RecordStore(dataSource, new RecordTable(dataSource), node, null, jdbc,
                    new StoreProperties(500, 10_000,
                    Duration.ofMillis(Long.getLong("bench.housekeepingMs", 1000)), true), meters);
            store.start();
            ExecutorService pool = Executors.newFixedThreadPool(trackers);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < trackers; t++) {
                int tracker = t;
                double trackerRate = rate / trackers;
                done.add(pool.submit(() -> {
                    runTracker(store, tracker, packetsEach, perPacket, trackerRate, acks[tracker]);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long writerCpu = writerCpuNanos();
            stored = store.recordCount();
            long openBytes = folderBytes(dataDir);
            store.stop();
            print(trackers, perPacket, rate, stored, seconds, acks, meters, openBytes);
            // other agents load this machine: CPU per record says what the wall clock cannot
            System.out.printf("CPU per record: writer thread %.1f us (%.0f records/s for a whole core), process %.1f us%n",
                    writerCpu / 1e3 / stored, stored / (writerCpu / 1e9),
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime() / 1e3 / stored);
        }
        long closedBytes = folderBytes(dataDir);
        System.out.printf("data folder after close: %,d bytes, %.1f B/record%n", closedBytes,
                (double) closedBytes / stored);
        System.out.println("data folder: " + dataDir);
    }

    private static void print(int trackers, int perPacket, double rate, long stored, double seconds, long[][] acks,
                              SimpleMeterRegistry meters, long openBytes) {
        long[] all = Arrays.stream(acks).flatMapToLong(Arrays::stream).sorted().toArray();
        Timer commits = meters.get("galileo.store.commit").timer();
        System.out.printf("trackers=%d records/packet=%d rate=%s stored=%,d in %.1f s: %.0f records/s%n",
                trackers, perPacket, rate > 0 ? String.valueOf((long) rate) : "max", stored, seconds,
                stored / seconds);
        System.out.printf("ACK (submit to commit) p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6);
        ValueAtPercentile[] p = commits.takeSnapshot().percentileValues();
        System.out.printf("commits=%d (%.0f records each), commit p50 %.1f ms, p99 %.1f ms, mean %.1f ms%n",
                commits.count(), (double) stored / commits.count(), p[0].value(TimeUnit.MILLISECONDS),
                p[1].value(TimeUnit.MILLISECONDS), commits.mean(TimeUnit.MILLISECONDS));
        System.out.printf("data folder while open: %,d bytes, %.1f B/record%n", openBytes,
                (double) openBytes / stored);
        System.out.printf("bytes this process wrote (Linux wchar): %.1f kB/record%n", writtenBytes() / 1e3 / stored);
    }

    private static void runTracker(RecordStore store, int tracker, int packets, int perPacket, double rate,
                                   long[] acks) throws Exception {
        GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);
        Vehicle vehicle = new Vehicle(new Random(tracker));
        String imei = String.format("%s%07d", IMEI_BASE, tracker);
        long begin = System.nanoTime();
        for (int p = 0; p < packets; p++) {
            if (rate > 0) {
                long due = begin + (long) (p * perPacket / rate * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            List<TrackRecord> records = new ArrayList<>(perPacket);
            for (DecodedRecord r : decoder.decode(0x01, vehicle.packet(perPacket)).records()) {
                records.add(r.toTrackRecord(imei, r.timeMs()));
            }
            long sent = System.nanoTime();
            store.submit(new WriteRequest(records, new WriteRequest.DeviceSighting(imei, 17, 233, tracker,
                    "10.0.0." + tracker % 250 + ":40000"), System.currentTimeMillis())).get();
            acks[p] = System.nanoTime() - sent;
        }
    }

    /** The application's H2 URL, in this run's data folder. */
    private static HikariDataSource dataSource(Path dataDir) throws IOException {
        Properties app = new Properties();
        try (InputStream in = StoreFootprintBenchmark.class.getResourceAsStream("/application.properties")) {
            app.load(in);
        }
        HikariDataSource dataSource = new HikariDataSource();
        String url = app.getProperty("spring.datasource.url").replace("${galileo.data-dir:./data}", dataDir.toString());
        // experiments: -Dbench.h2="WRITE_DELAY=0;RETENTION_TIME=1000" in place of the application's WRITE_DELAY=0
        dataSource.setJdbcUrl(url.replace("WRITE_DELAY=0", System.getProperty("bench.h2", "WRITE_DELAY=0")));
        dataSource.setUsername("sa");
        dataSource.setPassword("");
        return dataSource;
    }

    private static long writerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("record-writer"))
                .mapToLong(t -> threads.getThreadCpuTime(t.getId())).sum();
    }

    /** What the process wrote to files so far (0 where /proc is not there): the write amplification. */
    private static long writtenBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/io")).stream().filter(l -> l.startsWith("wchar:"))
                    .mapToLong(l -> Long.parseLong(l.substring(6).trim())).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long folderBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Percentiles over the whole run, not the default two-minute window. */
    private static final class WholeRunPercentiles implements MeterFilter {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            return DistributionStatisticConfig.builder().expiry(Duration.ofHours(10)).bufferLength(1).build()
                    .merge(config);
        }
    }

    /**
     * One vehicle's track, a record a second: a typical tracker's tags (archive number, time, fix, speed and
     * course, altitude, HDOP, status, supply and battery voltage, temperature, outputs, inputs, two analog
     * inputs, odometer) as the main-packet bytes the tracker would send.
     */
    private static final class Vehicle {
        private final Random random;
        private long timeSeconds = START_MS / 1000;
        private int recordNumber;
        private double latitude;
        private double longitude;
        private double course;
        private double speed;
        private long odometer;

        Vehicle(Random random) {
            this.random = random;
            latitude = 55 + random.nextDouble();
            longitude = 37 + random.nextDouble();
            course = random.nextDouble() * 360;
        }

        byte[] packet(int records) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < records; i++) {
                record(out);
            }
            return out.toByteArray();
        }

        private void record(ByteArrayOutputStream out) {
            timeSeconds++;
            speed = Math.max(0, Math.min(110, speed + random.nextGaussian() * 3));
            course = (course + random.nextGaussian() * 5 + 360) % 360;
            double metres = speed / 3.6;
            latitude += metres * Math.cos(Math.toRadians(course)) / 111_320;
            longitude += metres * Math.sin(Math.toRadians(course)) / (111_320 * Math.cos(Math.toRadians(latitude)));
            odometer += (long) metres;
            boolean moving = speed > 3;
            tag(out, 0x10, recordNumber++ & 0xFFFF, 2);
            tag(out, 0x20, timeSeconds, 4);
            out.write(0x30);
            out.write(8 + random.nextInt(6));
            le(out, Math.round(latitude * 1e6), 4);
            le(out, Math.round(longitude * 1e6), 4);
            out.write(0x33);
            le(out, Math.round(speed * 10), 2);
            le(out, Math.round(course * 10), 2);
            tag(out, 0x34, 150 + random.nextInt(20), 2);
            tag(out, 0x35, 7 + random.nextInt(8), 1);
            tag(out, 0x40, (moving ? 0x0201 : 0x0200) | 0x3000, 2);
            tag(out, 0x41, 12_100 + random.nextInt(300), 2);
            tag(out, 0x42, 4_100 + random.nextInt(50), 2);
            tag(out, 0x43, 21 + random.nextInt(3), 1);
            tag(out, 0x45, 0, 2);
            tag(out, 0x46, moving ? 1 : 0, 2);
            tag(out, 0x50, 11_000 + random.nextInt(500), 2);
            tag(out, 0x51, 0, 2);
            tag(out, 0xD4, odometer, 4);
        }

        private static void tag(ByteArrayOutputStream out, int tag, long value, int bytes) {
            out.write(tag);
            le(out, value, bytes);
        }

        private static void le(ByteArrayOutputStream out, long value, int bytes) {
            for (int i = 0; i < bytes; i++) {
                out.write((int) (value >>> (8 * i)));
            }
        }
    }
}
