package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.store.ContentHash;
import io.galileosync.store.RecordStore;
import io.galileosync.store.TimeRange;
import io.galileosync.web.GalileoTestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A tracker sends another version of a record key the node already holds (the design: a conflict is logged and
 * counted, never silent). The stored version stays (the conflict rule is sync's), but the node says so.
 */
@GalileoTestProperties
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class IngestConflictTest {

    private static final String IMEI = "356000000070001";

    @Autowired
    IngestServer server;

    @Autowired
    RecordStore store;

    @Autowired
    MeterRegistry meters;

    @Test
    void aNewVersionOfAHeldKeyIsCountedAndLoggedWithBothContentHashes() throws Exception {
        long time = System.currentTimeMillis() / 1000 - 120;
        byte[] first = TestPackets.mainPacket(TestPackets.recordHex(5, time, 55_100_000, 37_000_000));
        byte[] other = TestPackets.mainPacket(TestPackets.recordHex(5, time, 56_200_000, 37_000_000));
        double before = conflicts();
        try (LogCapture log = new LogCapture(); TrackerClient tracker = new TrackerClient(server.port())) {
            byte[] head = TestPackets.head(IMEI);
            for (byte[] frame : List.of(head, first, other, first)) {
                assertThat(tracker.sendAndAck(frame)).isEqualTo(TrackerClient.expectedAck(frame));
            }
            assertThat(store.records(IMEI, TimeRange.ALL, 0, 10, false).records())
                    .extracting(stored -> stored.record().latitude()).as("the stored version stays")
                    .containsExactly(55.1);
            assertThat(conflicts() - before).as("conflicts counted; the identical re-send is none").isEqualTo(1);
            List<String> lines = log.linesWith(IMEI);
            assertThat(lines).anySatisfy(line -> assertThat(line)
                    .contains(hash(first)).contains(hash(other)).contains("already held"));
        }
    }

    /** The content hash of the packet's one record, as the store computes it. */
    private String hash(byte[] frame) throws PacketDecodeException {
        GalileoFrame parsed = GalileoFrame.of(frame);
        DecodedPacket packet = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST).decode(parsed.header(), parsed.payload());
        return HexFormat.of().toHexDigits(ContentHash.of(PacketRecords.of(packet, IMEI, 0).get(0)));
    }

    private double conflicts() {
        var counter = meters.find("galileo.ingest.conflicts").counter();
        return counter == null ? 0 : counter.count();
    }
}
