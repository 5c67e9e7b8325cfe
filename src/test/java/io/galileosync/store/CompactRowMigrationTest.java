package io.galileosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.TestNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A database made by the version before the compact row opens with every record intact: the old schema
 * (migrations V1..V6) is filled with rows as that version wrote them (a column per field, the attributes as
 * JSON, a SHA-256 content hash, some rows from before sync without one), then the application starts on it,
 * which runs V7. Every record must read back through the store as the old version read it, with its origin
 * and receive time, hashed anew, and new ingest must see the migrated keys as held.
 */
class CompactRowMigrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final String SELF = "aaaaaaaa-0000-4000-8000-000000000001";
    private static final List<String> ORIGINS = List.of(SELF, "bbbbbbbb-0000-4000-8000-000000000002", "node-c");
    private static final int RECORDS = 5_000;

    @TempDir
    Path dataDir;

    @Test
    void everyRecordOfAnOldDatabaseReadsBackTheSameAndKeepsDedupingNewIngest() throws Exception {
        List<StoredRecord> written = writeOldDatabase(new Random(42));
        Map<RecordKey, StoredRecord> expected = new HashMap<>();
        for (StoredRecord s : written) {
            // what the old version read back: its attributes through JSON
            expected.put(s.record().key(), new StoredRecord(s.record().withAttributes(JSON.readValue(
                    JSON.writeValueAsString(s.record().attributes()), new TypeReference<Map<String, Object>>() { })),
                    s.originNode(), s.originSeq(), s.receivedAt()));
        }

        try (TestNode node = TestNode.start("migrated", dataDir, nodeDatabase().toArray(String[]::new))) {
            RecordStore store = node.bean(RecordStore.class);
            assertThat(node.bean(NodeIdentity.class).nodeId()).isEqualTo(SELF);
            assertThat(store.recordCount()).isEqualTo(RECORDS);
            Map<RecordKey, StoredRecord> read = new HashMap<>();
            try (Stream<StoredRecord> all = store.streamAll()) {
                all.forEach(s -> read.put(s.record().key(), s));
            }
            assertThat(read).hasSize(RECORDS);
            for (Map.Entry<RecordKey, StoredRecord> e : expected.entrySet()) {
                assertThat(read.get(e.getKey())).as("%s", e.getKey()).isEqualTo(e.getValue());
            }

            // by origin in sequence order, and this node's own sequence carries on after its highest
            for (String origin : ORIGINS) {
                List<StoredRecord> byOrigin = store.byOrigin(origin, 0, Long.MAX_VALUE, RECORDS);
                assertThat(byOrigin).isEqualTo(expected.values().stream().filter(s -> s.originNode().equals(origin))
                        .sorted(java.util.Comparator.comparingLong(StoredRecord::originSeq)).toList());
            }
            long ownMax = written.stream().filter(s -> s.originNode().equals(SELF))
                    .mapToLong(StoredRecord::originSeq).max().orElseThrow();
            assertThat(store.localSequence()).isEqualTo(ownMax);

            // the people's query by device reads every record of a device, in time order
            String imei = written.get(0).record().imei();
            List<StoredRecord> ofDevice = store.records(imei, TimeRange.ALL, 0, RECORDS, false).records();
            assertThat(ofDevice).containsExactlyElementsOf(expected.values().stream()
                    .filter(s -> s.record().imei().equals(imei))
                    .sorted(java.util.Comparator.comparingLong((StoredRecord s) -> s.record().timeMs())
                            .thenComparingInt(s -> s.record().recordNumber())).toList());

            // hashes recomputed in the new form: digests and merges compare by them
            Map<String, Long> sums = new HashMap<>();
            store.forEachContentHash((i, t, hash) -> sums.merge(i, hash, Long::sum));
            Map<String, Long> expectedSums = new HashMap<>();
            expected.values().forEach(s -> expectedSums.merge(s.record().imei(), ContentHash.of(s.record()), Long::sum));
            assertThat(sums).isEqualTo(expectedSums);

            // a tracker re-sending migrated records gets duplicates; its new ones are stored after them
            List<TrackRecord> resent = new ArrayList<>();
            for (StoredRecord s : written.subList(0, 20)) {
                resent.add(s.record());
            }
            TrackRecord fresh = written.get(0).record().withKey(written.get(0).record().imei(), 4_000_000_000_000L);
            resent.add(fresh);
            WriteResult result = node.ingest(resent);
            assertThat(result).isEqualTo(new WriteResult(1, 20));
            assertThat(store.recordCount()).isEqualTo(RECORDS + 1);
            assertThat(store.byOrigin(SELF, ownMax, Long.MAX_VALUE, 10)).extracting(s -> s.record().key())
                    .containsExactly(fresh.key());
            Map<RecordKey, StoredVersion> versions = store.inTransaction(tx -> tx.versions(expected.keySet())).join();
            assertThat(versions).hasSize(RECORDS);
            expected.forEach((key, s) -> assertThat(versions.get(key)).isEqualTo(new StoredVersion(
                    ContentHash.of(s.record()), s.originNode(), s.originSeq(), s.receivedAt())));
        }
    }

    /** The old database (JDBC URL, user, password): the H2 file in the node's data folder. */
    List<String> oldDatabase() {
        return List.of("jdbc:h2:file:" + dataDir.resolve("galileo").toAbsolutePath() + ";WRITE_DELAY=0", "sa", "");
    }

    /** The node's settings to open {@link #oldDatabase()}: none for its data folder's H2 file. */
    List<String> nodeDatabase() {
        return List.of();
    }

    /** The old schema and rows exactly as the version before wrote them; answers what it wrote. */
    private List<StoredRecord> writeOldDatabase(Random random) throws Exception {
        List<String> database = oldDatabase();
        String url = database.get(0);
        Flyway.configure().dataSource(url, database.get(1), database.get(2)).locations("classpath:db/migration")
                .target("6").load().migrate();
        List<StoredRecord> written = new ArrayList<>();
        List<String> imeis = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            imeis.add(RecordBodyTest.randomRecord(random).imei());
        }
        Map<String, Long> seqs = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, database.get(1), database.get(2))) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("insert into node_state (name, state_value) values (?, ?)")) {
                st.setString(1, "node_id");
                st.setString(2, SELF);
                st.executeUpdate();
                st.setString(1, "epoch");
                st.setString(2, "epoch-1");
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("""
                    insert into records (imei, time_ms, record_number, latitude, longitude, satellites, fix_valid,
                        speed, course, altitude, hdop, status, supply_voltage, battery_voltage, temperature, outputs,
                        inputs, attributes, received_at, origin_node, origin_seq, content_hash)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                while (written.size() < RECORDS) {
                    TrackRecord random1 = RecordBodyTest.randomRecord(random);
                    TrackRecord r = random1.withKey(imeis.get(random.nextInt(imeis.size())),
                            1_500_000_000_000L + random.nextInt(1_000_000_000));
                    if (written.stream().anyMatch(s -> s.record().key().equals(r.key()))) {
                        continue;
                    }
                    String origin = ORIGINS.get(random.nextInt(ORIGINS.size()));
                    StoredRecord s = new StoredRecord(r, origin, seqs.merge(origin, 1L + random.nextInt(3), Long::sum),
                            1_700_000_000_000L + random.nextInt(1_000_000_000));
                    bindOld(st, s, random.nextInt(10) == 0 ? null : oldHash(r));
                    st.addBatch();
                    written.add(s);
                }
                st.executeBatch();
            }
            try (PreparedStatement st = c.prepareStatement("insert into node_state (name, state_value) values (?, ?)")) {
                st.setString(1, "origin_seq");
                st.setString(2, Long.toString(seqs.get(SELF)));
                st.executeUpdate();
            }
            c.commit();
        }
        return written;
    }

    private static void bindOld(PreparedStatement st, StoredRecord s, Long hash) throws Exception {
        TrackRecord r = s.record();
        st.setString(1, r.imei());
        st.setLong(2, r.timeMs());
        st.setInt(3, r.recordNumber());
        Object[] core = {r.latitude(), r.longitude(), r.satellites(), r.fixValid(), r.speed(), r.course(),
            r.altitude(), r.hdop(), r.status(), r.supplyVoltage(), r.batteryVoltage(), r.temperature(), r.outputs(),
            r.inputs()};
        for (int i = 0; i < core.length; i++) {
            st.setObject(4 + i, core[i]);
        }
        st.setString(18, JSON.writeValueAsString(r.attributes()));
        st.setLong(19, s.receivedAt());
        st.setString(20, s.originNode());
        st.setLong(21, s.originSeq());
        if (hash == null) {
            st.setNull(22, Types.BIGINT);
        } else {
            st.setLong(22, hash);
        }
    }

    /** The content hash as the version before computed it. */
    private static long oldHash(TrackRecord r) throws Exception {
        return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(CANONICAL_JSON.writeValueAsBytes(r)))
                .getLong();
    }
}
