package io.galileosync.ingest;

import static io.galileosync.ingest.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.galileosync.store.TrackRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;

/** Iridium SBD DirectIP frames (PROTOCOL.md §7). */
class IridiumTest {

    /** navtrack/navtrack#42 (2022): IE02 is a single compressed record, just an MDS. */
    static final String NAVTRACK_42 = "01003a01001c05fb1bad3330303233343036393930313031300000e4000062f79568"
            + "03000b000f85402088970000000502000a55f74f8e522ef38b9400";

    private final GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);

    private DecodedRecord onlyRecord(int vector, boolean compressed) throws PacketDecodeException {
        List<DecodedRecord> records = decoder.decodeIridium(GalileoPacketDecoderTest.vector(vector).bytes(), compressed)
                .records();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    @Test
    void uncompressedPayloadWithOwnPosition() throws Exception {
        DecodedRecord r = onlyRecord(13, false);
        assertThat(r.imei()).isEqualTo("300234069604590"); // modem IMEI: the payload has no tag 03
        // The vector notes give 2023-01-18T21:02:23Z as the IE01 time; that is tag 0x20's time. IE01 says
        // 63 C8 5E 69 = 21:02:33Z.
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2023-01-18T21:02:23Z");
        TrackRecord c = r.content();
        assertThat(c.attributes().get("iridiumTime")).isEqualTo(Instant.parse("2023-01-18T21:02:33Z").toEpochMilli());
        assertThat(c.latitude()).isEqualTo(-33.733818);
        assertThat(c.longitude()).isEqualTo(-70.719813);
        assertThat(c.satellites()).isEqualTo(12);
        assertThat(c.altitude()).isEqualTo(487);
        assertThat(c.hdop()).isEqualTo(0.5);
        assertThat(c.attributes()).containsEntry("fixSource", "gnss").containsEntry("odometer", 0L)
                .containsEntry("iridiumImei", "300234069604590").containsEntry("iridiumSessionStatus", 0)
                .containsEntry("iridiumCepKm", 2L).containsEntry("iridiumCdr", 0x0747EA59L);
        assertThat((Double) c.attributes().get("iridiumLatitude")).isCloseTo(-33.720933, within(1e-6));
        assertThat((Double) c.attributes().get("iridiumLongitude")).isCloseTo(-70.73235, within(1e-6));
    }

    @Test
    void payloadWithoutTimeOrPositionTakesIridiumTimeAndLocation() throws Exception {
        DecodedRecord r = onlyRecord(14, false);
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2023-01-25T20:33:32Z");
        assertThat(r.content().latitude()).isCloseTo(-33.7346, within(1e-6));
        assertThat(r.content().longitude()).isCloseTo(-69.297367, within(1e-6));
        assertThat(r.content().fixValid()).isTrue();
        assertThat(r.content().satellites()).isNull();
        assertThat(r.content().attributes()).containsEntry("fixSource", "iridium").containsEntry("canMileage", 0L)
                .containsEntry("can32BitR0", 0L).containsEntry("iridiumSessionStatus", 2);
    }

    @Test
    void compressedReadingOfAnUncompressedPayloadFails() {
        // Traccar disabled this test: read as compressed, C2 announces a list of 66 tags in a 10-byte payload
        assertThatThrownBy(() -> onlyRecord(14, true)).isInstanceOf(PacketDecodeException.class)
                .hasMessage("tag list at offset 51 in record 1 needs 67 bytes but 10 remain");
    }

    @Test
    void frameDecoderVector() throws Exception {
        DecodedRecord r = onlyRecord(15, false);
        assertThat(r.imei()).isEqualTo("300534064184790");
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2023-06-14T08:34:37Z");
        assertThat(r.content().satellites()).isEqualTo(15);
        assertThat(r.content().latitude()).isEqualTo(-33.868251);
        assertThat(r.content().longitude()).isEqualTo(18.693136);
    }

    @Test
    void payloadWithItsOwnImei() throws Exception {
        DecodedPacket packet = decoder.decodeIridium(GalileoPacketDecoderTest.vector(18).bytes(), false);
        // The notes say the payload starts with tags 03 and 04; the bytes have 03 then 10 00 00 (no tag 04).
        assertThat(packet.head()).isEqualTo(new DeviceHead("300234069901010", null, null, null));
        DecodedRecord r = packet.records().get(0);
        assertThat(r.imei()).isEqualTo("300234069901010");
        assertThat(r.content().recordNumber()).isZero();
        assertThat(r.content().latitude()).isEqualTo(15.599806);
        assertThat(r.content().supplyVoltage()).isEqualTo(12139);
    }

    @ParameterizedTest
    @EnumSource(MdsBitOrder.class)
    void mdsFarFromTheIridiumFixIsRejected(MdsBitOrder order) throws Exception {
        // MSB_FIRST puts the device at 72.49 N 18.89 W, thousands of km from the Iridium fix; LSB_WORD has the
        // "always 0" flag set. Either way the Iridium time and location are used.
        DecodedPacket packet = new GalileoPacketDecoder(order).decodeIridium(hex(NAVTRACK_42), true);
        assertThat(packet.head()).isNull();
        DecodedRecord r = packet.records().get(0);
        assertThat(r.imei()).isEqualTo("300234069901010");
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2022-08-13T12:13:28Z");
        assertThat(r.content().latitude()).isCloseTo(15.568533, within(1e-6));
        assertThat(r.content().longitude()).isCloseTo(32.582783, within(1e-6));
        assertThat(r.content().attributes()).containsEntry("mdsRaw", "55f74f8e522ef38b9400")
                .containsEntry("mdsPlausible", false).containsEntry("fixSource", "iridium")
                .containsEntry("iridiumCepKm", 5L);
    }

    @Test
    void mdsNearTheIridiumFixIsKept() throws Exception {
        // 2022-08-13T12:12:26Z at about 15.57 N 32.58 E, one minute before the send time
        int seconds = 224 * 86_400 + 12 * 3_600 + 12 * 60 + 26;
        int lon = (int) ((32.58 + 180) / 360 * (1 << 22));
        int lat = (int) ((15.57 + 90) / 180 * (1 << 21));
        String mds = java.util.HexFormat.of().formatHex(
                CompressedPacketTest.mds(MdsBitOrder.MSB_FIRST, 0, seconds, 0, lon, lat, 0, 0));
        DecodedRecord r = decoder.decodeIridium(hex(NAVTRACK_42.replace("55f74f8e522ef38b9400", mds)), true)
                .records().get(0);
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2022-08-13T12:12:26Z");
        assertThat(r.content().latitude()).isCloseTo(15.57, within(1e-3));
        assertThat(r.content().attributes()).containsEntry("fixSource", "mds").containsEntry("mdsPlausible", true);
    }

    @Test
    void readAsUncompressedTheMdsIsGarbage() {
        assertThatThrownBy(() -> decoder.decodeIridium(hex(NAVTRACK_42), false))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessage("unknown tag 0x8e at offset 54 in record 1");
    }

    @Test
    void frameWithoutPayloadHasNoRecords() throws Exception {
        // IE01 and IE03 only
        String frame = "01002d" + NAVTRACK_42.substring(6, NAVTRACK_42.length() - 26);
        assertThat(decoder.decodeIridium(hex(frame), false)).isEqualTo(new DecodedPacket(null, List.of()));
    }

    @Test
    void malformedFramesFail() {
        assertThatThrownBy(() -> decoder.decodeIridium(hex("01 00"), false))
                .isInstanceOf(PacketDecodeException.class).hasMessageStartingWith("not an Iridium DirectIP frame");
        assertThatThrownBy(() -> decoder.decodeIridium(hex(NAVTRACK_42.substring(0, 100)), false))
                .isInstanceOf(PacketDecodeException.class).hasMessage("Iridium frame declares 61 bytes but has 50");
        assertThatThrownBy(() -> decoder.decodeIridium(hex("010006 01 0003 000000"), false))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessage("Iridium IE 01 at offset 3 has 3 bytes, needs 28");
        assertThatThrownBy(() -> decoder.decodeIridium(hex("010004 02 0009 00"), false))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessage("Iridium IE 02 at offset 3 declares 9 bytes but 1 remain");
        assertThatThrownBy(() -> decoder.decodeIridium(hex("010002 0200"), false))
                .isInstanceOf(PacketDecodeException.class).hasMessage("truncated Iridium IE header at offset 3");
    }
}
