package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.web.GalileoTestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A tracker (any device on the LAN: the TCP port has no authentication) sends records dated far in the future
 * for a victim's IMEI (issue 8, item 4): they must not become records, where they would outlive every real one
 * under retention; the packet is ACKed and kept raw in the quarantine with the reason.
 */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class FutureDatedRecordsTest {

    private static final long YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();

    @Autowired
    IngestServer server;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    QuarantineRedecoder redecoder;

    @Autowired
    MeterRegistry meters;

    @Test
    void aRecordDatedBeyondTheSkewIsQuarantinedAndTheRestOfItsPacketStored() throws Exception {
        String victim = "356000000060001";
        long now = System.currentTimeMillis() / 1000;
        byte[] packet = TestPackets.mainPacket(TestPackets.recordHex(1, now - 60, 55_000_000, 37_000_000),
                TestPackets.recordHex(2, YEAR_2100, 55_000_000, 37_000_000));
        double before = counter();
        send(victim, packet);

        assertThat(recordNumbers(victim)).as("records stored for the victim").containsExactly(1);
        Map<String, Object> kept = jdbc.sql("select id, reason, frame_hex from quarantine where imei = ?")
                .param(victim).query().singleRow();
        assertThat((String) kept.get("reason")).contains("2100-01-01T00:00:00Z");
        assertThat(kept.get("frame_hex")).isEqualTo(HexFormat.of().formatHex(packet));
        assertThat(counter() - before).as("future-dated records counted").isEqualTo(1);

        QuarantineRedecoder.Result again = redecoder.redecode(((Number) kept.get("id")).longValue()).orElseThrow();
        assertThat(again.decoded()).as("decoding again applies the same rule").isFalse();
        assertThat(again.reason()).contains("2100-01-01T00:00:00Z");
        assertThat(recordNumbers(victim)).containsExactly(1);
    }

    @Test
    void aRecordWithinTheSkewIsStored() throws Exception {
        String imei = "356000000060002";
        long soon = System.currentTimeMillis() / 1000 + Duration.ofHours(2).toSeconds();
        send(imei, TestPackets.mainPacket(TestPackets.recordHex(7, soon, 55_000_000, 37_000_000)));

        assertThat(recordNumbers(imei)).as("a tracker clock two hours ahead is within the default day").containsExactly(7);
        assertThat(jdbc.sql("select count(*) from quarantine where imei = ?").param(imei).query(Long.class).single())
                .isZero();
    }

    private void send(String imei, byte[] packet) throws Exception {
        try (TrackerClient tracker = new TrackerClient(server.port())) {
            byte[] head = TestPackets.head(imei);
            assertThat(tracker.sendAndAck(head)).isEqualTo(TrackerClient.expectedAck(head));
            assertThat(tracker.sendAndAck(packet)).as("the packet is ACKed").isEqualTo(TrackerClient.expectedAck(packet));
        }
    }

    private List<Integer> recordNumbers(String imei) {
        return jdbc.sql("select r.record_number from records r join record_imeis i on r.imei_id = i.id"
                        + " where i.imei = ? order by r.record_number").param(imei)
                .query(Integer.class).list();
    }

    private double counter() {
        var counter = meters.find("galileo.ingest.records.unstorable").counter();
        return counter == null ? 0 : counter.count();
    }
}
