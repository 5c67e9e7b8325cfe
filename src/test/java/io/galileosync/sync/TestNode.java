package io.galileosync.sync;

import io.galileosync.GalileoSyncApplication;
import io.galileosync.store.RecordStore;
import io.galileosync.store.StoredRecord;
import io.galileosync.store.TrackRecord;
import io.galileosync.store.WriteRequest;
import io.galileosync.store.WriteResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** One real node (its own Spring context, H2 database and ports) in the test JVM. */
public final class TestNode implements AutoCloseable {

    public static final String SECRET = "test-team-secret";

    final String name;
    final Path dataDir;
    private final ConfigurableApplicationContext context;

    private TestNode(String name, Path dataDir, ConfigurableApplicationContext context) {
        this.name = name;
        this.dataDir = dataDir;
        this.context = context;
    }

    public static TestNode start(String name, Path dataDir, String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of("server.port=0", "galileo.ingest.port=0",
                "galileo.data-dir=" + dataDir, "galileo.sync.secret=" + SECRET, "galileo.node.name=" + name,
                "spring.jmx.enabled=false", "galileo.sync.interval=1h", "logging.level.root=WARN",
                "galileo.discovery.enabled=false"));
        // an extra property replaces the default of the same name (e.g. "galileo.sync.secret=" for none)
        for (String extra : extraProperties) {
            String key = extra.substring(0, extra.indexOf('=') + 1);
            properties.removeIf(p -> p.startsWith(key));
        }
        properties.addAll(List.of(extraProperties));
        // as command-line arguments: builder "properties" are defaults, which application.properties overrides
        String[] arguments = properties.stream().map(p -> "--" + p).toArray(String[]::new);
        // Boot's logging system is one per JVM: nodes started at once (as gateways on one database are) would
        // set it up at the same time and break each other's set-up, so that part of a start is one at a time
        LoggingSetUp setUp = new LoggingSetUp();
        setUp.begin();
        try {
            return new TestNode(name, dataDir, new SpringApplicationBuilder(GalileoSyncApplication.class)
                    .listeners(setUp).run(arguments));
        } finally {
            setUp.end();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public JdbcClient jdbc() {
        return bean(JdbcClient.class);
    }

    public SyncService.SyncResult syncWith(TestNode peer) {
        return bean(SyncService.class).sync(peer.url(), "test");
    }

    /** Stores records as a tracker would (the writer path ingest uses), received now. */
    public WriteResult ingest(List<TrackRecord> records) {
        return bean(RecordStore.class).submit(new WriteRequest(records, null, System.currentTimeMillis()))
                .orTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
                .join();
    }

    public long count() {
        return jdbc().sql("select count(*) from records").query(Long.class).single();
    }

    public Set<String> keys() {
        return new TreeSet<>(jdbc().sql("select i.imei || '/' || r.time_ms || '/' || r.record_number from records r"
                        + " join record_imeis i on i.id = r.imei_id")
                .query(String.class).list());
    }

    /**
     * Every stored record (read through the store) as a row of the columns the records table had before the
     * compact row, upper-case as SQL gave them: IMEI, TIME_MS, ..., ATTRIBUTES (JSON text), ORIGIN_NODE.
     */
    public List<Map<String, Object>> recordRows() {
        try (Stream<StoredRecord> all = bean(RecordStore.class).streamAll()) {
            return all.map(TestNode::row).toList();
        }
    }

    private static Map<String, Object> row(StoredRecord stored) {
        TrackRecord r = stored.record();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("IMEI", r.imei());
        row.put("TIME_MS", r.timeMs());
        row.put("RECORD_NUMBER", r.recordNumber());
        row.put("LATITUDE", r.latitude());
        row.put("LONGITUDE", r.longitude());
        row.put("SATELLITES", r.satellites());
        row.put("FIX_VALID", r.fixValid());
        row.put("SPEED", r.speed());
        row.put("COURSE", r.course());
        row.put("ALTITUDE", r.altitude());
        row.put("HDOP", r.hdop());
        row.put("STATUS", r.status());
        row.put("SUPPLY_VOLTAGE", r.supplyVoltage());
        row.put("BATTERY_VOLTAGE", r.batteryVoltage());
        row.put("TEMPERATURE", r.temperature());
        row.put("OUTPUTS", r.outputs());
        row.put("INPUTS", r.inputs());
        row.put("ATTRIBUTES", JsonMapper.builder().build().writeValueAsString(r.attributes()));
        row.put("RECEIVED_AT", stored.receivedAt());
        row.put("ORIGIN_NODE", stored.originNode());
        row.put("ORIGIN_SEQ", stored.originSeq());
        return row;
    }

    public Map<String, Digest.Entry> digest() {
        return bean(Digest.class).compute(0);
    }

    @Override
    public void close() {
        context.close();
    }

    /** Random but plausible records for a few trackers; the same seed gives the same records. */
    public static List<TrackRecord> randomRecords(Random random, int count, int trackers) {
        List<TrackRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String imei = "8600000000" + String.format("%05d", random.nextInt(trackers));
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("inputVoltage0", random.nextInt(30000));
            attributes.put("fuel", Map.of("level", random.nextInt(4096), "temp", random.nextInt(100) - 40));
            if (random.nextBoolean()) {
                attributes.put("userData0", random.nextLong());
            }
            records.add(new TrackRecord(imei, 1_700_000_000_000L + random.nextInt(1_000_000_000), random.nextInt(65536),
                    55 + random.nextDouble(), 37 + random.nextDouble(), random.nextInt(20), random.nextBoolean(),
                    random.nextInt(1200) / 10.0, (double) random.nextInt(360), random.nextInt(2000) - 100,
                    random.nextInt(100) / 10.0, random.nextInt(65536), 12000 + random.nextInt(2000),
                    4000 + random.nextInt(200), random.nextInt(80) - 20, random.nextInt(16), random.nextInt(256),
                    attributes));
        }
        return records;
    }

    /** Holds the JVM's one logging set-up for a start until the start's context is initialized (logging is set). */
    private static final class LoggingSetUp implements ApplicationListener<ApplicationEvent> {
        private static final Semaphore ONE_AT_A_TIME = new Semaphore(1);
        private boolean held;

        synchronized void begin() {
            ONE_AT_A_TIME.acquireUninterruptibly();
            held = true;
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof ApplicationContextInitializedEvent || event instanceof ApplicationFailedEvent) {
                end();
            }
        }

        synchronized void end() {
            if (held) {
                held = false;
                ONE_AT_A_TIME.release();
            }
        }
    }
}
