package io.galileosync.ingest;

import static io.galileosync.ingest.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import io.galileosync.store.TrackRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Compressed main packets, header 0x08 (PROTOCOL.md §5). */
class CompressedPacketTest {

    private static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
    /** 2025-06-01T10:00:00Z as seconds since the start of 2025 */
    private static final int JUNE_FIRST = 151 * 86_400 + 10 * 3_600;
    /** raw MDS coordinates near 30° E, 60° N */
    private static final int LON_RAW = 2_446_677;
    private static final int LAT_RAW = 1_747_626;
    /** DOCEN's compressed example frames: a tag list with an extended tag list, and an extended bitmask. */
    static final String DOCEN_TAG_LIST = "08 15 00 82 04 FE 02 00 01 00 FA 00 32 00 08 00 00 00 00 00 00 00 00 00 59 93";
    static final String DOCEN_EXT_BITMASK = "08 12 00 82 04 FE 01 80 06 32 00 08 00 00 00 00 00 00 00 00 00 52 78";

    private static GalileoPacketDecoder decoder(MdsBitOrder order, Instant now) {
        return new GalileoPacketDecoder(order, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static DecodedPacket decode(String payloadHex) throws PacketDecodeException {
        return decoder(MdsBitOrder.MSB_FIRST, NOW).decode(0x08, hex(payloadHex));
    }

    private static byte[] payloadOf(byte[] frame) {
        assertThat(Crc16.modbus(frame, 0, frame.length - 2))
                .isEqualTo((frame[frame.length - 2] & 0xFF) | (frame[frame.length - 1] & 0xFF) << 8);
        return Arrays.copyOfRange(frame, 3, frame.length - 2);
    }

    /**
     * DOCEN "Example of an extended tag packet with compression and with tags listed"
     * (haryowl/ohwmobi:documentP/Galileosky-Protocols.html). Its walkthrough says "20 00" for the ext tag count,
     * the bytes say 02 00. It gives ext tag 0x00FA four bytes, but DOCEN's own ext table makes 0x00FA (TPMS wheel
     * 33) three bytes; the block length (8) is trusted, so the fourth byte is kept as extTrailing.
     */
    @Test
    void officialExampleWithTagList() throws Exception {
        byte[] payload = payloadOf(hex(DOCEN_TAG_LIST));
        DecodedPacket packet = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST).decode(0x08, payload);
        assertThat(packet.head()).isEqualTo(new DeviceHead(null, null, null, 50));
        assertThat(packet.records()).singleElement().satisfies(r -> {
            assertThat(r.imei()).isNull();
            assertThat(r.timeMs()).isNull();
            assertThat(r.content().attributes()).isEqualTo(Map.of("deviceNumber", 50, "modbus0", 0.0,
                    "tpmsWheel33", Map.of("pressure", 0, "temperature", 0, "status", 0), "extTrailing", "00"));
        });
    }

    /** DOCEN "Example of an extended tag packet with compression and with bitmask used": mask 06 = ids 1 and 2. */
    @Test
    void officialExampleWithExtendedBitmask() throws Exception {
        byte[] payload = payloadOf(hex(DOCEN_EXT_BITMASK));
        DecodedPacket packet = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST).decode(0x08, payload);
        assertThat(packet.records()).singleElement().satisfies(r -> assertThat(r.content().attributes())
                .isEqualTo(Map.of("deviceNumber", 50, "modbus0", 0.0, "modbus1", 0.0)));
    }

    @Test
    void everyRecordRepeatsTheListedTags() throws Exception {
        List<DecodedRecord> records = decode("83 20 30 41"
                + " 4E83FF5C 07C00E3203B8D72D05 1027"
                + " 5A83FF5C 27C00E3203B8D72D05 2027"
                + " 6683FF5C F00000000000000000 3027").records();
        assertThat(records).hasSize(3);
        assertThat(records).extracting(DecodedRecord::timeMs)
                .containsExactly(1560249166000L, 1560249178000L, 1560249190000L);
        assertThat(records).extracting(r -> r.content().supplyVoltage()).containsExactly(10000, 10016, 10032);
        assertThat(records).extracting(r -> r.content().fixValid()).containsExactly(true, true, false);
        assertThat(records.get(0).content().latitude()).isEqualTo(53.612224);
        assertThat(records.get(0).content().attributes()).doesNotContainKey("mdsRaw");
    }

    @Test
    void mainTagBitmaskListsTagsByBitNumber() throws Exception {
        byte[] mask = new byte[32];
        mask[0x20 / 8] |= 1 << (0x20 % 8);
        mask[0x41 / 8] |= 1 << (0x41 % 8);
        List<DecodedRecord> records = decode("FF" + HexFormat.of().formatHex(mask)
                + "4E83FF5C 1027 5A83FF5C 2027").records();
        assertThat(records).extracting(DecodedRecord::timeMs).containsExactly(1560249166000L, 1560249178000L);
        assertThat(records).extracting(r -> r.content().supplyVoltage()).containsExactly(10000, 10016);
    }

    @ParameterizedTest
    @EnumSource(MdsBitOrder.class)
    void mdsGivesTimeAndPositionWhenPlausible(MdsBitOrder order) throws Exception {
        byte[] first = mds(order, 0, JUNE_FIRST, 0, LON_RAW, LAT_RAW, 1, 300);
        byte[] second = mds(order, 0, JUNE_FIRST + 60, 0, LON_RAW, LAT_RAW, 0, 0);
        String payload = hx(first) + "81 41 1027 " + hx(second) + "2027";
        List<DecodedRecord> records = decoder(order, NOW).decode(0x08, hex(payload)).records();

        assertThat(records).hasSize(2);
        DecodedRecord r = records.get(0);
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(Instant.ofEpochMilli(records.get(1).timeMs())).isEqualTo("2025-06-01T10:01:00Z");
        TrackRecord c = r.content();
        assertThat(c.latitude()).isCloseTo(60.0, within(1e-4));
        assertThat(c.longitude()).isCloseTo(30.0, within(1e-4));
        assertThat(c.fixValid()).isTrue();
        assertThat(c.supplyVoltage()).isEqualTo(10000);
        assertThat(c.attributes()).containsEntry("mdsRaw", hx(first)).containsEntry("mdsBitOrder", order.name())
                .containsEntry("mdsPlausible", true).containsEntry("mdsAlarm", true)
                .containsEntry("mdsUserTag0", 300).containsEntry("fixSource", "mds");
        assertThat(records.get(1).content().attributes()).containsEntry("mdsRaw", hx(second))
                .containsEntry("mdsAlarm", false);
    }

    @Test
    void recordsMayBeJustTheMds() throws Exception {
        byte[] first = mds(MdsBitOrder.MSB_FIRST, 0, JUNE_FIRST, 0, LON_RAW, LAT_RAW, 0, 0);
        byte[] second = mds(MdsBitOrder.MSB_FIRST, 0, JUNE_FIRST + 1, 0, LON_RAW, LAT_RAW, 0, 0);
        assertThat(decode(hx(first) + hx(second)).records()).extracting(DecodedRecord::timeMs)
                .containsExactly(1748772000000L, 1748772001000L);
    }

    @Test
    void implausibleMdsKeepsOnlyTheRawFields() throws Exception {
        byte[] good = mds(MdsBitOrder.MSB_FIRST, 0, JUNE_FIRST, 0, LON_RAW, LAT_RAW, 0, 0);
        // A set flag is the MSB of byte 0 (MSB_FIRST): in record 1 that would mean "no MDS", and right after an
        // MDS it would read as a tag list, so it can only show up after record 1's tag list.
        byte[] flagged = mds(MdsBitOrder.MSB_FIRST, 1, JUNE_FIRST, 0, LON_RAW, LAT_RAW, 0, 5);
        byte[] pastYearEnd = mds(MdsBitOrder.MSB_FIRST, 0, (1 << 25) - 1, 0, LON_RAW, LAT_RAW, 0, 5);
        for (byte[] mds : List.of(flagged, pastYearEnd)) {
            DecodedRecord r = decode(hx(good) + "81 41 1027" + hx(mds) + "2027").records().get(1);
            assertThat(r.timeMs()).isNull();
            assertThat(r.content().latitude()).isNull();
            assertThat(r.content().fixValid()).isNull();
            assertThat(r.content().attributes()).containsEntry("mdsRaw", hx(mds)).containsEntry("mdsPlausible", false)
                    .containsEntry("mdsUserTag0", 5).doesNotContainKey("fixSource");
        }
    }

    @Test
    void invalidMdsPositionIsNotUsed() throws Exception {
        DecodedRecord r = decode(hx(mds(MdsBitOrder.MSB_FIRST, 0, JUNE_FIRST, 1, LON_RAW, LAT_RAW, 0, 0)))
                .records().get(0);
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(r.content().latitude()).isNull();
    }

    @Test
    void mdsTimeJustBeforeNewYearBelongsToTheOldYear() throws Exception {
        int december31 = 365 * 86_400 + 23 * 3_600; // 2024 is a leap year
        byte[] mds = mds(MdsBitOrder.MSB_FIRST, 0, december31, 0, LON_RAW, LAT_RAW, 0, 0);
        DecodedRecord r = decoder(MdsBitOrder.MSB_FIRST, Instant.parse("2025-01-01T00:30:00Z"))
                .decode(0x08, mds).records().get(0);
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2024-12-31T23:00:00Z");
    }

    @Test
    void listedTimeAndPositionWinOverTheMds() throws Exception {
        byte[] mds = mds(MdsBitOrder.MSB_FIRST, 0, JUNE_FIRST, 0, LON_RAW, LAT_RAW, 0, 0);
        DecodedRecord r = decode(hx(mds) + "82 20 30 4E83FF5C 07C00E3203B8D72D05").records().get(0);
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2019-06-11T10:32:46Z");
        assertThat(r.content().latitude()).isEqualTo(53.612224);
        assertThat(r.content().attributes()).containsEntry("fixSource", "gnss").containsEntry("mdsPlausible", true);
    }

    /**
     * The only real MDS found (navtrack#42, Iridium, sent 2022-08-13T12:13:28Z near 15.57 N 32.58 E) fits
     * neither bit order (PROTOCOL.md §5); these are the values each order gives. {@link IridiumTest} shows the
     * Iridium fix rejecting them.
     */
    @Test
    void navtrackMdsReadBothWays() throws Exception {
        byte[] mds = hex("55f74f8e522ef38b9400");
        Instant sent = Instant.parse("2022-08-13T12:13:28Z");

        DecodedRecord msb = decoder(MdsBitOrder.MSB_FIRST, sent).decode(0x08, mds).records().get(0);
        // 2022-09-18 would be in the future, so the previous year is assumed
        assertThat(Instant.ofEpochMilli(msb.timeMs())).isEqualTo("2021-09-18T19:51:26Z");
        assertThat(msb.content().latitude()).isCloseTo(72.4855, within(1e-4));
        assertThat(msb.content().longitude()).isCloseTo(-18.8885, within(1e-4));

        DecodedRecord lsb = decoder(MdsBitOrder.LSB_WORD, sent).decode(0x08, mds).records().get(0);
        // the "always 0" flag bit is 1 in this reading (its time, 12:12:26, and longitude 32.57 would fit)
        assertThat(lsb.timeMs()).isNull();
        assertThat(lsb.content().latitude()).isNull();
        assertThat(lsb.content().attributes()).containsEntry("mdsPlausible", false).containsEntry("mdsUserTag0", 1)
                .containsEntry("mdsBitOrder", "LSB_WORD");
    }

    @Test
    void tpmsMayBeTheTwoByteNoDataMarker() throws Exception {
        List<DecodedRecord> records = decode("82 20 5C 4E83FF5C 00FF 5A83FF5C " + "1E08".repeat(34)).records();
        assertThat(records.get(0).content().attributes()).doesNotContainKey("tpms");
        assertThat(records.get(1).content().attributes().get("tpms")).asInstanceOf(LIST).hasSize(34);
    }

    @Test
    void extendedListWithSpnKeepsTheSpnRaw() throws Exception {
        DecodedRecord r = decode("82 20 FE 0200 8500 2427 4E83FF5C 0500 40 0105AABB").records().get(0);
        assertThat(r.content().attributes()).containsEntry("rssi", 0x40).containsEntry("spnRaw", "24270105aabb");
    }

    @Test
    void emptyListWithoutMdsCannotLoopForever() {
        assertThatThrownBy(() -> decode("80 0000")).isInstanceOf(PacketDecodeException.class)
                .hasMessage("compressed packet lists no tags and has no MDS, but 2 bytes remain at offset 1");
    }

    @Test
    void malformedPacketsFail() {
        assertThatThrownBy(() -> decode("82 20 37 4E83FF5C 00")).isInstanceOf(PacketDecodeException.class)
                .hasMessage("unknown tag 0x37 in the compressed tag list at offset 0");
        assertThatThrownBy(() -> decode("82 20 30 4E83FF5C 07C0")).isInstanceOf(PacketDecodeException.class)
                .hasMessage("tag 0x30 (position) at offset 7 in record 1 needs 9 bytes but 2 remain");
        assertThatThrownBy(() -> decode("85 20 30")).isInstanceOf(PacketDecodeException.class)
                .hasMessage("tag list at offset 0 in record 1 needs 6 bytes but 3 remain");
        assertThatThrownBy(() -> decode("81 FE 01A0")).isInstanceOf(PacketDecodeException.class)
                .hasMessage("extended tag bitmask of 8193 bytes at offset 2 is longer than 8192");
        assertThatThrownBy(() -> decode("81 FE 0100 8500 0900 40")).isInstanceOf(PacketDecodeException.class)
                .hasMessage("extended tag block at offset 6 in record 1 needs 11 bytes but 3 remain");
        assertThatThrownBy(() -> decode("55f74f8e52")).isInstanceOf(PacketDecodeException.class)
                .hasMessage("minimal data set at offset 0 in record 1 needs 10 bytes but 5 remain");
    }

    /** Encodes the 80-bit MDS field by field in the given bit order. */
    static byte[] mds(MdsBitOrder order, int flag, int seconds, int invalid, int lon, int lat, int alarm, int user) {
        int[][] fields = {{flag, 1}, {seconds, 25}, {invalid, 1}, {lon, 22}, {lat, 21}, {alarm, 1}, {user, 9}};
        byte[] out = new byte[CompressedPacketReader.MDS_LENGTH];
        int bit = 0;
        for (int[] field : fields) {
            for (int k = 0; k < field[1]; k++, bit++) {
                boolean msb = order == MdsBitOrder.MSB_FIRST;
                if ((field[0] >>> (msb ? field[1] - 1 - k : k) & 1) != 0) {
                    out[bit / 8] |= msb ? 0x80 >>> (bit % 8) : 1 << (bit % 8);
                }
            }
        }
        return out;
    }

    private static String hx(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
