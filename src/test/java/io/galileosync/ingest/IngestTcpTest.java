package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import io.galileosync.store.RecordStore;
import io.galileosync.store.TimeRange;
import io.galileosync.store.TrackRecord;
import io.galileosync.simulate.PacketEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.galileosync.web.GalileoTestProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole ingest path over real TCP sockets into the real H2 store: framing, decoding, storing, ACK. */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class IngestTcpTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode VECTORS = loadVectors();

    @Autowired
    IngestServer server;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RecordStore store;

    @BeforeEach
    void emptyStore() {
        jdbc.sql("delete from records").update();
        jdbc.sql("delete from devices").update();
        jdbc.sql("delete from quarantine").update();
    }

    @Test
    void everyRealVectorIsAcknowledgedWithItsOwnCrc() throws Exception {
        int frames = 0;
        for (JsonNode vector : VECTORS) {
            byte[] frame = HEX.parseHex(vector.get("hex").asString());
            int header = frame[0] & 0xFF;
            boolean iridium = header == 1 && frame.length > 5 && frame[3] == 1 && frame[4] == 0 && frame[5] == 0x1C;
            if (iridium || header == GalileoFrame.GARMIN || vector.has("crc_invalid") || vector.has("truncated")) {
                continue;
            }
            try (TrackerClient tracker = new TrackerClient(server.port())) {
                byte[] ack = tracker.sendAndAck(frame);
                byte[] expected = header == GalileoFrame.PHOTO
                        ? new byte[] {0x07, frame[frame.length - 2], frame[frame.length - 1]}
                        : TrackerClient.expectedAck(frame);
                assertThat(ack).as("ACK for vector %s (%s)", vector.get("kind"), vector.get("source")).isEqualTo(expected);
                String asserted = assertedAck(vector);
                if (asserted != null) {
                    assertThat(HEX.formatHex(ack)).as("ACK asserted by %s", vector.get("source")).isEqualTo(asserted);
                }
                frames++;
            }
        }
        assertThat(frames).isGreaterThan(40);
    }

    /**
     * Every real main packet over TCP (after a head packet where it has no IMEI of its own): what is stored is
     * exactly what the decoder makes of the bytes, whose values GalileoPacketDecoderTest checks against what
     * each vector's source asserts.
     */
    @Test
    void everyRealMainPacketIsStoredAsDecoded() throws Exception {
        GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);
        byte[] head = PacketEncoder.frame(GalileoFrame.HEAD_MAIN,
                HEX.parseHex("03" + HEX.formatHex("351111111111111".getBytes()) + "043200"), true);
        int packets = 0;
        for (JsonNode vector : VECTORS) {
            GalileoFrame frame = GalileoFrame.of(HEX.parseHex(vector.get("hex").asString()));
            if (frame.header() != GalileoFrame.HEAD_MAIN || frame.iridium() || vector.has("crc_invalid")) {
                continue;
            }
            List<TrackRecord> expected;
            try {
                expected = PacketRecords.of(decoder.decode(frame.header(), frame.payload()), "351111111111111", 0);
            } catch (PacketDecodeException e) {
                continue; // undecodable vectors: quarantined (undecodablePacketIsQuarantinedAndStillAcknowledged)
            }
            expected = expected.stream().filter(r -> r.attributes().get("timeSource") == null).toList();
            if (expected.isEmpty()) {
                continue;
            }
            emptyStore();
            try (TrackerClient tracker = new TrackerClient(server.port())) {
                assertThat(tracker.sendAndAck(head)).isNotNull();
                assertThat(tracker.sendAndAck(frame.bytes())).isEqualTo(TrackerClient.expectedAck(frame.bytes()));
            }
            String what = vector.get("kind").asString() + " from " + vector.get("source").asString();
            long distinctKeys = expected.stream().map(TrackRecord::key).distinct().count();
            assertThat(count("select count(*) from records")).as(what).isEqualTo(distinctKeys);
            for (TrackRecord r : expected) {
                TrackRecord row = store.inTransaction(tx -> tx.read(r.key())).join().record();
                assertThat(row.latitude()).as(what).isEqualTo(r.latitude());
                assertThat(row.longitude()).as(what).isEqualTo(r.longitude());
                assertThat(row.speed()).as(what).isEqualTo(r.speed());
                assertThat(row.supplyVoltage()).as(what).isEqualTo(r.supplyVoltage());
                assertThat(row.status()).as(what).isEqualTo(r.status());
            }
            packets++;
        }
        assertThat(packets).as("real main packets checked").isGreaterThanOrEqualTo(20);
    }

    @Test
    void mainPacketTakesTheImeiOfTheHeadPacketOnTheSameConnection() throws Exception {
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            assertThat(tracker.sendAndAck(vector("kuznetsovin/galileosky-protocol:receiver/galileo/packet_test.go", 0))).isNotNull();
            byte[] main = vector("kuznetsovin/galileosky-protocol:receiver/galileo/packet_test.go", 1);
            assertThat(tracker.sendAndAck(main)).isEqualTo(TrackerClient.expectedAck(main));
        }
        assertThat(store.records("862057047745531", TimeRange.ALL, 0, 1, false).total()).isEqualTo(27);
        TrackRecord first = store.records("862057047745531", TimeRange.ALL, 0, 1, false).records().get(0).record();
        assertThat(first.timeMs()).isEqualTo(1560249166000L); // 2019-06-11T10:32:46Z
        assertThat(first.supplyVoltage()).isEqualTo(12351);
        assertThat(first.batteryVoltage()).isEqualTo(3838);
        assertThat(first.status()).isEqualTo(0x3A01);
        assertThat(first.fixValid()).isEqualTo(false);
        assertThat(first.satellites()).isEqualTo(3);
        Map<String, Object> device = jdbc.sql("select * from devices where imei = '862057047745531'").query().singleRow();
        assertThat(device.get("RECORD_COUNT")).isEqualTo(27L);
        assertThat(device.get("HARDWARE_VERSION")).isEqualTo(130);
        assertThat(device.get("FIRMWARE_VERSION")).isEqualTo(16);
        assertThat(device.get("DEVICE_NUMBER")).isEqualTo(50);
        assertThat((String) device.get("REMOTE_ADDRESS")).startsWith("127.0.0.1:");
    }

    @Test
    void framesSplitAtEveryByteBoundaryAreReassembled() throws Exception {
        Random random = new Random(20261124L);
        String imei = "356000000000001";
        TestPackets.GeneratedPacket packet = TestPackets.randomMainPacket(random, 3, imei);
        byte[] frame = PacketEncoder.frame(GalileoFrame.HEAD_MAIN, packet.payload(), true);
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            for (int at = 1; at < frame.length; at++) {
                tracker.sendSplit(frame, at);
                assertThat(tracker.readAck(Duration.ofSeconds(10))).as("split at %d", at)
                        .isEqualTo(TrackerClient.expectedAck(frame));
            }
        }
        // the same three records, re-sent frame.length - 1 times, are stored once
        assertThat(store.records(imei, TimeRange.ALL, 0, 1, false).total()).isEqualTo(3);
    }

    @Test
    void manyFramesInOneWriteAreAllAcknowledgedInOrder() throws Exception {
        Random random = new Random(7);
        List<byte[]> frames = new ArrayList<>();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            byte[] frame = PacketEncoder.frame(GalileoFrame.HEAD_MAIN,
                    TestPackets.randomMainPacket(random, 1 + random.nextInt(5), "356000000000002").payload(), false);
            frames.add(frame);
            all.write(frame);
        }
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            tracker.send(all.toByteArray());
            for (byte[] frame : frames) {
                assertThat(tracker.readAck(Duration.ofSeconds(10))).isEqualTo(TrackerClient.expectedAck(frame));
            }
        }
    }

    @Test
    void badCrcGetsNoAckAndTheConnectionStaysUsable() throws Exception {
        byte[] head = vector("kuznetsovin/galileosky-protocol:receiver/galileo/packet_test.go", 0);
        byte[] broken = head.clone();
        broken[broken.length - 1] ^= 0x55;
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            tracker.send(broken);
            assertThat(tracker.readAck(Duration.ofMillis(700))).isNull();
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
        }
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        byte[] head = vector("kuznetsovin/galileosky-protocol:receiver/galileo/packet_test.go", 0);
        try (TrackerClient good = new TrackerClient(server.port());
             TrackerClient bad = new TrackerClient(server.port())) {
            bad.send("GET / HTTP/1.1\r\n\r\n".getBytes());
            assertThat(bad.closedByServer(Duration.ofSeconds(5))).isTrue();
            assertThat(good.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
        }
    }

    @Test
    void undecodablePacketIsQuarantinedAndStillAcknowledged() throws Exception {
        // tag 0x37 is in no table: its length is unknowable, so the packet cannot be split into records
        byte[] payload = HEX.parseHex("03" + HEX.formatHex("356000000000003".getBytes()) + "20" + "00000000" + "37AABB");
        byte[] frame = PacketEncoder.frame(GalileoFrame.HEAD_MAIN, payload, false);
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            assertThat(tracker.sendAndAck(frame)).isEqualTo(TrackerClient.expectedAck(frame));
        }
        Map<String, Object> row = jdbc.sql("select header, reason, frame_hex from quarantine").query().singleRow();
        assertThat(row.get("FRAME_HEX")).isEqualTo(HEX.formatHex(frame));
        assertThat((String) row.get("REASON")).contains("0x37");
        assertThat(count("select count(*) from records")).isZero();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static String assertedAck(JsonNode vector) {
        JsonNode asserts = vector.get("asserts");
        for (String field : List.of("server_answer", "server_ack_logged", "server_ack")) {
            if (asserts.has(field)) {
                return asserts.get(field).asString().toLowerCase().replaceAll("[^0-9a-f].*$", "");
            }
        }
        return null;
    }

    /** The n-th vector (0-based) taken from the given source file. */
    static byte[] vector(String source, int index) {
        List<JsonNode> matching = new ArrayList<>();
        VECTORS.forEach(v -> {
            if (v.get("source").asString().equals(source)) {
                matching.add(v);
            }
        });
        return HEX.parseHex(matching.get(index).get("hex").asString());
    }

    private static JsonNode loadVectors() {
        try (var in = IngestTcpTest.class.getResourceAsStream("/galileosky/vectors.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
