package io.galileosync.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galileosync.ingest.DecodedPacket;
import io.galileosync.ingest.DecodedRecord;
import io.galileosync.ingest.GalileoFrame;
import io.galileosync.ingest.GalileoPacketDecoder;
import io.galileosync.ingest.MdsBitOrder;
import io.galileosync.store.TrackRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The simulator's frames against a real head packet and through the service's own decoder. */
class PacketEncoderTest {

    private static final HexFormat HEX = HexFormat.of();
    private final GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);

    /** PROTOCOL.md §1: crc(01 17 80 01 82 02 10 03 "862057047745531" 04 32 00) = 0x48B5, sent B5 48. */
    @Test
    void headPacketIsTheDocumentedOne() {
        byte[] head = PacketEncoder.headPacket("862057047745531", 0x82, 0x10, 0x32, true);
        String imei = HEX.formatHex("862057047745531".getBytes(StandardCharsets.US_ASCII));
        assertThat(HEX.formatHex(head)).isEqualTo("011780" + "0182" + "0210" + "03" + imei + "043200" + "b548");
    }

    @Test
    void headPacketRefusesAnImeiThatIsNotFifteenDigits() {
        assertThatThrownBy(() -> PacketEncoder.headPacket("86205704774553", 1, 1, 1, true))
                .hasMessageContaining("15 digits");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 20261124})
    void mainPacketDecodesToTheGeneratedValues(long seed) throws Exception {
        TrackGenerator generator = TrackGenerator.forTracker(seed, 7, 1_767_225_600_123L);
        List<SimulatedRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(generator.next());
        }
        GalileoFrame frame = GalileoFrame.of(PacketEncoder.mainPacket(records, true));
        assertThat(frame.archive()).isTrue();
        DecodedPacket packet = decoder.decode(frame.header(), frame.payload());
        assertThat(packet.records()).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            assertDecodedAs(packet.records().get(i), records.get(i));
        }
    }

    @Test
    void theLargestAllowedPacketFitsThePayloadLimit() {
        TrackGenerator generator = TrackGenerator.forTracker(1, 0, 1_767_225_600_000L);
        List<SimulatedRecord> records = new ArrayList<>();
        for (int i = 0; i < SimulatorOptions.MAX_PER_PACKET; i++) {
            records.add(generator.next());
        }
        byte[] frame = PacketEncoder.mainPacket(records, false);
        assertThat(frame.length - 5).isLessThanOrEqualTo(PacketEncoder.MAX_PAYLOAD);
        assertThat(frame[2] & 0x80).as("archive flag off on the last packet").isZero();
    }

    @Test
    void framesLongerThanTheLengthWordAreRefused() {
        assertThatThrownBy(() -> PacketEncoder.frame(1, new byte[PacketEncoder.MAX_PAYLOAD + 1], false))
                .hasMessageContaining("payload longer than 32767");
    }

    static void assertDecodedAs(DecodedRecord decoded, SimulatedRecord expected) {
        SimulatedRecord.Fix fix = expected.fix();
        TrackRecord r = decoded.content();
        assertThat(decoded.timeMs()).isEqualTo(expected.timeMs());
        assertThat(r.recordNumber()).isEqualTo(expected.recordNumber());
        assertThat(r.fixValid()).isEqualTo(fix.valid());
        assertThat(r.satellites()).isEqualTo(fix.satellites());
        assertThat(r.latitude()).isEqualTo(fix.latitude());
        assertThat(r.longitude()).isEqualTo(fix.longitude());
        assertThat(r.speed()).isEqualTo(fix.speed());
        assertThat(r.course()).isEqualTo(fix.course());
        assertThat(r.altitude()).isEqualTo(fix.altitude());
        assertThat(r.hdop()).isEqualTo(fix.hdop());
        assertThat(r.status()).isEqualTo(expected.terminal().status());
        assertThat(r.supplyVoltage()).isEqualTo(expected.terminal().supplyMv());
        assertThat(r.batteryVoltage()).isEqualTo(expected.terminal().batteryMv());
        assertThat(r.temperature()).isEqualTo(expected.terminal().temperature());
        assertThat(r.outputs()).isEqualTo(expected.terminal().outputs());
        assertThat(r.inputs()).isEqualTo(expected.terminal().inputs());
        SimulatedRecord.Sensors s = expected.sensors();
        Map<String, Object> a = r.attributes();
        for (int i = 0; i < TrackGenerator.ANALOG_INPUTS; i++) {
            assertThat(a.get("analogInput" + i)).isEqualTo(s.analogInputs().get(i));
        }
        assertThat(a.get("fuelLevel0")).isEqualTo(s.fuelLevel());
        assertThat(a.get("oneWire0")).isEqualTo(Map.of("id", s.oneWireId(), "temperature", s.oneWireTemperature()));
        assertThat(a.get("canA1")).isEqualTo(Map.of("fuelPercent", s.canFuelRaw() * 0.4,
                "coolantTemperature", s.canCoolantRaw() - 40, "rpm", s.canRpmRaw() * 0.125));
        assertThat(a.get("odometer")).isEqualTo(s.odometerMeters());
        assertThat(a.get("cid")).isEqualTo(s.cellId());
        assertThat(a.get("lac")).isEqualTo(s.lac());
        assertThat(a.get("rssi")).isEqualTo(s.rssi());
        assertThat(a.get("satellitesGps")).isEqualTo(Map.of("visible", s.gpsVisible(), "used", s.gpsUsed(),
                "snrAvg", s.snrAverage(), "snrMax", s.snrMax()));
    }
}
