package io.galileosync.ingest;

import static io.galileosync.ingest.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.galileosync.store.TrackRecord;
import io.galileosync.simulate.PacketEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Every captured frame in {@code galileosky/vectors.json} against what its source asserts (the bytes win where a
 * source is wrong; such places carry a comment), plus generated round trips.
 */
class GalileoPacketDecoderTest {

    private static final List<Vector> VECTORS = loadVectors();

    private final GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);

    /** One entry of vectors.json. */
    record Vector(int index, String source, String kind, byte[] bytes, JsonNode asserts, String notes) {

        /** Iridium DirectIP: 01 | u16 BE | IE 01 00 1C (PROTOCOL.md §7). */
        boolean isIridium() {
            return bytes.length > 5 && bytes[0] == 1 && bytes[3] == 1 && bytes[4] == 0 && bytes[5] == 0x1C;
        }

        int header() {
            return bytes[0] & 0xFF;
        }

        byte[] payload() {
            return Arrays.copyOfRange(bytes, 3, bytes.length - 2);
        }

        boolean crcValid() {
            int crc = Crc16.modbus(bytes, 0, bytes.length - 2);
            return bytes.length >= 5 && (bytes[bytes.length - 2] & 0xFF) == (crc & 0xFF)
                    && (bytes[bytes.length - 1] & 0xFF) == crc >>> 8;
        }

        boolean isMainOrCompressed() {
            return !isIridium() && (header() == 0x01 || header() == 0x08) && crcValid();
        }

        @Override
        public String toString() {
            return index + ": " + kind;
        }
    }

    static List<Vector> vectors() {
        return VECTORS;
    }

    static Vector vector(int index) {
        return VECTORS.get(index);
    }

    /** Decodes a vector the way the connection handler would: Iridium frames whole, others by payload. */
    static DecodedPacket decodeVector(GalileoPacketDecoder decoder, Vector v) throws PacketDecodeException {
        return v.isIridium() ? decoder.decodeIridium(v.bytes(), false) : decoder.decode(v.header(), v.payload());
    }

    private static List<Vector> loadVectors() {
        try (InputStream in = GalileoPacketDecoderTest.class.getResourceAsStream("/galileosky/vectors.json")) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            List<Vector> list = new ArrayList<>();
            for (JsonNode node : root) {
                list.add(new Vector(list.size(), node.path("source").asString(), node.path("kind").asString(),
                        hex(node.path("hex").asString()), node.path("asserts"), node.path("notes").asString()));
            }
            return List.copyOf(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DecodedPacket decode(int index) throws PacketDecodeException {
        return decodeVector(decoder, vector(index));
    }

    /** The MPX "new protocol" head also carries fuel tags 60-62, 8B, 8C: kept as a record without a time. */
    @Test
    void headPacketWithSensorTagsKeepsThemAsARecord() throws Exception {
        DecodedPacket packet = decode(37);
        assertThat(packet.head()).isEqualTo(new DeviceHead("868204008110347", 15, 230, 50));
        assertThat(packet.records()).singleElement().satisfies(r -> {
            assertThat(r.timeMs()).isNull();
            assertThat(r.content().attributes()).containsKeys("fuelLevel0", "fuelLevel1", "fuelLevel2",
                    "fuelTemperature1", "fuelTemperature2");
        });
    }

    @Test
    void vectorFileHasTheExpectedFrames() {
        assertThat(VECTORS).hasSize(49);
        assertThat(VECTORS.stream().filter(Vector::isIridium).map(Vector::index)).containsExactly(13, 14, 15, 18);
        assertThat(VECTORS.stream().filter(v -> !v.isIridium() && !v.crcValid())).isEmpty();
    }

    /** Traccar's verifyPositions contract, applied to every vector: only PacketDecodeException, sane values. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyVectorDecodesToSaneRecordsOrFailsCleanly(Vector v) {
        DecodedPacket packet;
        try {
            packet = decodeVector(decoder, v);
        } catch (PacketDecodeException e) {
            assertThat(e.getCause()).as("internal decoder error").isNull();
            return;
        }
        for (DecodedRecord r : packet.records()) {
            Map<String, Object> attributes = r.content().attributes();
            boolean headWithSensors = attributes.containsKey("hardwareVersion") && r.content().latitude() == null;
            if (!attributes.containsKey("commandNumber") && !attributes.containsKey("commandText") && !headWithSensors) {
                assertThat(r.timeMs()).as("time of %s", r).isNotNull();
            }
            if (r.content().latitude() != null) {
                assertThat(r.content().latitude()).isBetween(-90.0, 90.0);
                assertThat(r.content().longitude()).isBetween(-180.0, 180.0);
                assertThat(r.content().fixValid()).isNotNull();
            }
        }
    }

    static Stream<Vector> mainVectors() {
        return VECTORS.stream().filter(Vector::isMainOrCompressed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mainVectors")
    void testPacketsFrameRebuildsEveryValidFrame(Vector v) {
        boolean archive = (v.bytes()[2] & 0x80) != 0;
        assertThat(PacketEncoder.frame(v.header(), v.payload(), archive)).isEqualTo(v.bytes());
    }

    @ParameterizedTest(name = "vector {0}")
    @CsvSource(nullValues = "-", value = {
            "7, 868204001549087, -, -, 50",
            "16, 863591028960247, 17, 230, 50",
            "22, 868204005647838, 17, 223, 50",
            "25, 862057047745531, 130, 16, 50",
            "28, 864495030861303, 26, 231, 50",
            "30, 866710037910814, 130, 20, 50",
            "33, 866710037904965, 130, 20, -",
            "35, 990000862471854, 17, 20, 110",
            "36, 868204000728070, 10, 119, 50",
            "41, 868204007113185, 17, 199, 50",
            "48, 868204004260591, 17, 193, 50"})
    void headPacketsGiveHeadAndNoRecords(int index, String imei, Integer hw, Integer fw, Integer device)
            throws Exception {
        assertThat(decode(index)).isEqualTo(new DecodedPacket(new DeviceHead(imei, hw, fw, device), List.of()));
    }

    @Test
    void officialHeadPacketMatchesTheKuznetsovinAssertions() throws Exception {
        JsonNode tags = vector(25).asserts().path("tags");
        DeviceHead head = decode(25).head();
        assertThat(head.hardwareVersion()).isEqualTo(tags.path("0x01").asInt());
        assertThat(head.firmwareVersion()).isEqualTo(tags.path("0x02").asInt());
        assertThat(head.imei()).isEqualTo(tags.path("0x03").asString());
        assertThat(head.deviceNumber()).isEqualTo(tags.path("0x04").asInt());
    }

    @ParameterizedTest(name = "vector {0}")
    @CsvSource(delimiter = '|', value = {
            "4|866050038437586|327|0|INALL:in0=11206,in1=0,in2=0,in3=0,in4=0,in5=0,Acc=566924725;",
            "5|863591023517372|102|0|OUT(3..0) = 1110",
            "17|123456789012345|0|0|status",
            "23|868204005647838|0|0|status",
            "38|868204000728070|50|1|Photo ok",
            "39|868204000728070|50|0|Photo ok"})
    void commandPacketsAreRecordsWithoutTime(int index, String imei, int device, long number, String text)
            throws Exception {
        DecodedPacket packet = decode(index);
        assertThat(packet.head()).isEqualTo(new DeviceHead(imei, null, null, device));
        assertThat(packet.records()).singleElement().satisfies(r -> {
            assertThat(r.imei()).isEqualTo(imei);
            assertThat(r.timeMs()).isNull();
            assertThat(r.content().latitude()).isNull();
            assertThat(r.content().attributes()).containsEntry("commandNumber", number)
                    .containsEntry("commandText", text)
                    .doesNotContainKey("userData0");
        });
    }

    @Test
    void officialCommandReplyHasDeviceFiftyAndOneReplyText() throws Exception {
        JsonNode asserts = vector(24).asserts();
        DecodedPacket packet = decode(24);
        // The doc's walkthrough says tag 04 = 00 00 and lists a second E1; the bytes say device 50 and one E1.
        assertThat(packet.head()).isEqualTo(new DeviceHead(asserts.path("imei").asString(), null, null, 50));
        DecodedRecord reply = packet.records().get(0);
        assertThat(packet.records()).hasSize(1);
        assertThat(reply.content().attributes())
                .containsEntry("commandNumber", asserts.path("command_number").asLong())
                .containsEntry("commandText", asserts.path("reply_text").asString())
                .doesNotContainKey("commandBinary");
        assertThat((String) reply.content().attributes().get("commandText"))
                .hasSize(asserts.path("reply_text_len").asInt());
    }

    @ParameterizedTest(name = "vector {0}")
    @CsvSource({"0, 1", "1, 7", "2, 5", "6, 11", "8, 15", "9, 3", "10, 10", "11, 9", "12, 9", "19, 1", "21, 1",
            "26, 27", "29, 10", "31, 11", "32, 11", "34, 1", "40, 14", "42, 24", "43, 3", "44, 2", "45, 17"})
    void mainPacketsHaveTheClaimedRecordCount(int index, int records) throws Exception {
        JsonNode asserts = vector(index).asserts();
        int claimed = asserts.path("record_count").asInt(asserts.path("stored_records").asInt(records));
        assertThat(claimed).isEqualTo(records);
        assertThat(decode(index).records()).hasSize(records);
    }

    @ParameterizedTest(name = "vector {0}")
    @CsvSource({"2, 868345032066573", "6, 868204001269934", "40, 868204001578425", "43, 356917057458304"})
    void imeiInEveryRecordIsKeptPerRecord(int index, String imei) throws Exception {
        DecodedPacket packet = decode(index);
        assertThat(packet.head().imei()).isEqualTo(imei);
        assertThat(packet.records()).allSatisfy(r -> assertThat(r.imei()).isEqualTo(imei));
    }

    @Test
    void headAndRecordInOnePacket() throws Exception {
        DecodedPacket packet = decode(0);
        assertThat(packet.head()).isEqualTo(new DeviceHead("868345032042426", 130, 19, 100));
        DecodedRecord r = packet.records().get(0);
        assertThat(r.imei()).isEqualTo("868345032042426");
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2018-09-17T13:22:04Z");
        TrackRecord c = r.content();
        assertThat(c.recordNumber()).isEqualTo(1700);
        assertThat(c.latitude()).isEqualTo(24.709763);
        assertThat(c.longitude()).isEqualTo(46.665418);
        assertThat(c.satellites()).isEqualTo(12);
        assertThat(c.fixValid()).isTrue();
        assertThat(c.altitude()).isEqualTo(696);
        assertThat(c.hdop()).isEqualTo(0.5);
        assertThat(c.supplyVoltage()).isEqualTo(16240);
        assertThat(c.batteryVoltage()).isEqualTo(4139);
        assertThat(c.temperature()).isEqualTo(35);
        assertThat(c.attributes()).containsEntry("hardwareVersion", 130).containsEntry("firmwareVersion", 19)
                .containsEntry("deviceNumber", 100).containsEntry("odometer", 5331L)
                .containsKeys("iButton1", "can8BitR15", "can8BitR30", "can16BitR14", "canFuelTotal", "canA1",
                        "canMileage", "canB1", "can8BitR0", "can8BitR14", "can16BitR0", "can32BitR0", "can32BitR14");
        TrackRecord stored = r.toTrackRecord("868345032042426", r.timeMs());
        assertThat(stored.key().imei()).isEqualTo("868345032042426");
        assertThat(stored.timeMs()).isEqualTo(1537190524000L);
        assertThat(stored).usingRecursiveComparison().ignoringFields("imei", "timeMs").isEqualTo(c);
    }

    @Test
    void kuznetsovinPacketHas27RecordsWithTheAssertedValues() throws Exception {
        JsonNode asserts = vector(26).asserts();
        List<DecodedRecord> records = decode(26).records();
        assertThat(records).hasSize(asserts.path("records").size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode expected = asserts.path("records").get(i);
            TrackRecord c = records.get(i).content();
            String at = "record " + i;
            assertThat(c.recordNumber()).as(at).isEqualTo(expected.path("0x10").asInt());
            assertThat(Instant.ofEpochMilli(records.get(i).timeMs())).as(at)
                    .isEqualTo(expected.path("0x20").asString());
            JsonNode fix = expected.path("0x30");
            assertThat(c.satellites()).as(at).isEqualTo(fix.path("nsat").asInt());
            assertThat(c.attributes().get("fixValidity")).as(at).isEqualTo(fix.path("is_valid(high nibble)").asInt());
            assertThat(c.fixValid()).as(at).isFalse();
            assertThat(c.latitude()).as(at).isEqualTo(fix.path("lat").asDouble());
            assertThat(c.longitude()).as(at).isEqualTo(fix.path("lon").asDouble());
            assertThat(c.speed()).as(at).isEqualTo(expected.path("0x33").path("speed").asDouble());
            assertThat(c.course()).as(at).isEqualTo(expected.path("0x33").path("course").asDouble());
            assertThat(c.altitude()).as(at).isEqualTo(expected.path("0x34").asInt());
            assertThat(c.hdop()).as(at).isEqualTo(expected.path("0x35").asDouble());
            String bits = String.format("%16s", Integer.toBinaryString(c.status())).replace(' ', '0');
            assertThat(bits).as(at).isEqualTo(expected.path("0x40_bits_msb_first").asString());
            assertThat(c.supplyVoltage()).as(at).isEqualTo(expected.path("0x41").asInt());
            assertThat(c.batteryVoltage()).as(at).isEqualTo(expected.path("0x42").asInt());
        }
    }

    @Test
    void maproxPacketOf14InvalidFixes() throws Exception {
        DecodedRecord r6 = decode(40).records().get(6);
        assertThat(r6.content().speed()).isEqualTo(vector(40).asserts().path("record[6].speed").asDouble());
        assertThat(r6.imei()).isEqualTo(vector(40).asserts().path("record[6].uid").asString());
        // flags byte 0x10: validity nibble 1 = incorrect coordinates, still stored as the bytes say.
        assertThat(r6.content().fixValid()).isFalse();
        assertThat(r6.content().attributes()).containsEntry("fixSource", "invalid").containsEntry("fixValidity", 1);
        assertThat(r6.content().latitude()).isEqualTo(0.0);
    }

    @Test
    void maproxPacketSplitOverTwoReadsHas24RecordsWithoutImei() throws Exception {
        DecodedPacket packet = decode(42);
        // the IMEI (868204007113185) comes from the head packet, vector 41, earlier on the same connection
        assertThat(packet.head()).isEqualTo(new DeviceHead(null, null, null, 50));
        assertThat(packet.records()).hasSize(24).allSatisfy(r -> assertThat(r.imei()).isNull());
        assertThat(packet.records().get(6).content().speed()).isEqualTo(0.0);
        assertThat(vector(42).bytes()).hasSize(vector(42).asserts().path("tcp_split_at_byte").asInt() + 465);
    }

    @Test
    void maproxCanPacketHasImeiPerRecord() throws Exception {
        JsonNode asserts = vector(43).asserts();
        DecodedRecord r1 = decode(43).records().get(1);
        assertThat(r1.content().speed()).isEqualTo(asserts.path("record[1].speed").asDouble());
        assertThat(r1.imei()).isEqualTo(asserts.path("record[1].uid").asString());
        assertThat(r1.content().attributes()).containsKeys("ecoDrive", "can8BitR15", "can16BitR5", "can32BitR14");
    }

    @Test
    void traccarArrayPacketHasUserArrayAndUserDataInEveryRecord() throws Exception {
        DecodedPacket packet = decode(1);
        assertThat(packet.records()).allSatisfy(r -> {
            assertThat(r.imei()).isNull();
            assertThat(r.content().attributes()).containsKeys("userData0", "userData7");
            assertThat(r.content().attributes().get("userArray")).asInstanceOf(MAP)
                    .hasEntrySatisfying("hex", hex -> assertThat((String) hex).hasSize(2 * 0x14));
        });
        assertThat(packet.records().get(0).content().attributes())
                .containsEntry("userArray", Map.of("hex", "0000d6021b00f8430220ac760000000000000000"));
    }

    @Test
    void traccarBatchPacketRepeatsDeviceNumberAndAcceleration() throws Exception {
        List<DecodedRecord> records = decode(8).records();
        assertThat(records).allSatisfy(r -> assertThat(r.content().attributes())
                .containsEntry("deviceNumber", 47686).containsKey("acceleration"));
        assertThat(records.get(0).content().attributes().get("acceleration"))
                .isEqualTo(Map.of("x", 686, "y", 506, "z", 517));
    }

    @Test
    void traccarEcoDrivePacket() throws Exception {
        assertThat(decode(11).records()).allSatisfy(r -> assertThat(r.content().attributes())
                .containsKeys("ecoDrive", "rs232_1", "iButtonKeys", "userData0", "userData5")
                .doesNotContainKey("userData6"));
    }

    @Test
    void traccarExtendedTagPacketHasBluetoothValues() throws Exception {
        DecodedPacket packet = decode(12);
        assertThat(packet.head()).isNull();
        assertThat(packet.records().get(0).content().attributes())
                .containsEntry("bluetooth0", 845).containsEntry("bluetooth1", 11).containsEntry("bluetooth2", 35)
                .containsEntry("bluetooth3", -88).containsEntry("bluetooth7", -88)
                .doesNotContainKey("bluetooth8");
    }

    @Test
    void traccarPullRequestPacketWithExtendedTags() throws Exception {
        DecodedPacket packet = decode(19);
        assertThat(packet.head()).isEqualTo(new DeviceHead("866755087435576", 82, 6, 1));
        DecodedRecord r = packet.records().get(0);
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2026-07-24T11:30:10Z");
        assertThat(r.content().latitude()).isEqualTo(55.67249);
        assertThat(r.content().longitude()).isEqualTo(52.456731);
        assertThat(r.content().attributes())
                .containsEntry("pdop", 1.2)
                .containsEntry("extendedStatus", 35)
                .containsEntry("cid", 50278).containsEntry("lac", 51694).containsEntry("mcc", 250)
                .containsEntry("mnc", 99).containsEntry("rssi", 143)
                .containsEntry("satellitesGps", Map.of("visible", 14, "used", 17, "snrAvg", 19, "snrMax", 32))
                .containsEntry("satellitesGlonass", Map.of("visible", 5, "used", 1, "snrAvg", 15, "snrMax", 29))
                .containsEntry("imsi", "250993243496693")
                .containsEntry("ccid", "8970199210424913939")
                .containsEntry("gsmStatus", 0).containsEntry("networkRegistration", 1).containsEntry("gprsStatus", 1)
                .containsEntry("bleMac", "80eaca007274")
                .containsEntry("snrTotal", 18);
        assertThat(r.content().attributes().get("extendedStatusFlags")).asInstanceOf(MAP)
                .containsEntry("mainServerConnected", true).containsEntry("gprsSession", true)
                .containsEntry("usbConnected", true).containsEntry("gsmJamming", false);
    }

    @Test
    void refrigeratorBlocksOverrunningTheRecordFailThePacket() {
        // Synthetic TRC-PR frame: flags 0x0012 need 7 + 10 + 2 = 19 bytes by the DOC19 layout, 15 are there.
        assertThatThrownBy(() -> decode(20)).isInstanceOf(PacketDecodeException.class)
                .hasMessage("tag 0x5b (refrigerator) at offset 35 in record 1 needs 19 bytes but 15 remain");
    }

    @Test
    void tpmsPacketHas34Sensors() throws Exception {
        DecodedRecord r = decode(21).records().get(0);
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(r.content().latitude()).isEqualTo(53.612224);
        assertThat(r.content().attributes().get("tpms")).asInstanceOf(LIST).hasSize(34)
                .startsWith(Map.of("pressure", 30, "status", 8), Map.of("pressure", 31, "status", 16))
                .endsWith(Map.of("pressure", 63, "status", 0));
    }

    @Test
    void alfssobsdPacketsMatchTheirNotes() throws Exception {
        DecodedRecord first = decode(29).records().get(0);
        assertThat(Instant.ofEpochMilli(first.timeMs())).isEqualTo("2019-05-24T20:29:31Z");
        assertThat(first.content().latitude()).isEqualTo(59.690836);
        assertThat(first.content().longitude()).isEqualTo(30.602771);
        // 7F 80 on a 1-Wire tag is the documented wire-break marker: id 127, -128 °C
        assertThat(first.content().attributes()).containsEntry("oneWire0", Map.of("id", 127, "temperature", -128));
        // The notes list tags 60-62 and 8A-8C; the bytes carry only 60 and 8A (fuel sensor address 0).
        assertThat(decode(29).records().stream().flatMap(r -> r.content().attributes().keySet().stream()))
                .contains("ecoDrive", "fuelLevel0", "oneWire0", "oneWire1", "fuelTemperature0", "can8BitR0",
                        "can8BitR1", "can16BitR0", "can32BitR0", "can32BitR1", "userData0", "userData1")
                .doesNotContain("fuelLevel1", "fuelLevel2", "fuelTemperature1", "fuelTemperature2");
        assertThat(decode(31).records()).allSatisfy(r -> {
            assertThat(Instant.ofEpochMilli(r.timeMs()).toString()).startsWith("2019-05-14");
            assertThat(r.content().latitude()).isCloseTo(45.05, within(0.05));
            assertThat(r.content().longitude()).isCloseTo(38.85, within(0.05));
        });
    }

    @Test
    void emulatorPacketHasTimeZero() throws Exception {
        DecodedRecord r = decode(34).records().get(0);
        assertThat(r.imei()).isEqualTo("990000862471854");
        assertThat(r.timeMs()).isZero();
        assertThat(r.content().latitude()).isEqualTo(59.911224);
        assertThat(r.content().satellites()).isEqualTo(7);
    }

    @Test
    void maproxDebugPacketsAreFromYear2000() throws Exception {
        assertThat(decode(44).records()).allSatisfy(r ->
                assertThat(Instant.ofEpochMilli(r.timeMs()).toString()).startsWith("2000-01-02"));
        assertThat(decode(45).records()).allSatisfy(r ->
                assertThat(Instant.ofEpochMilli(r.timeMs()).toString()).startsWith("2000-01-01"));
        assertThat(decode(44).records().get(0).content().attributes()).containsKeys("rs232_0", "rs232_1");
    }

    @Test
    void sixteenCharacterImeiIsRejected() {
        // maprox writes 16 characters into the 15-byte IMEI, so the 16th is read as tag 0x35 and the stream
        // misaligns; the next "IMEI" is binary.
        assertThatThrownBy(() -> decode(46)).isInstanceOf(PacketDecodeException.class)
                .hasMessageStartingWith("IMEI at offset 19 in record 2 is not 15 ASCII digits");
    }

    @Test
    void emptyPacketDecodesToNothing() throws Exception {
        assertThat(decode(27)).isEqualTo(new DecodedPacket(null, List.of()));
    }

    @ParameterizedTest(name = "vector {0}")
    @CsvSource({"3", "47"})
    void photoChunksAreNotForThisDecoder(int index) {
        assertThatThrownBy(() -> decode(index)).isInstanceOf(PacketDecodeException.class)
                .hasMessageContaining("carries no records");
    }

    /**
     * A real 2025 frame with tags 0x21 and FE (haryowl/ohwmobi:documentP/For more 32bytes.txt, CRC D0 92 valid).
     * Its hand-decoded worksheet reads the FE length as one byte and so gives Modbus 0 = 542720; the bytes give
     * 0x00033C20 / 100 = 2120.
     */
    @Test
    void haryowlFrameWithMillisecondsAndModbus() throws Exception {
        byte[] frame = hex(HARYOWL_2025);
        assertThat(Crc16.modbus(frame, 0, frame.length - 2)).isEqualTo(0x92D0);
        List<DecodedRecord> records = decoder.decode(1, Arrays.copyOfRange(frame, 3, frame.length - 2)).records();
        assertThat(records).hasSize(4);
        DecodedRecord r = records.get(0);
        assertThat(Instant.ofEpochMilli(r.timeMs())).isEqualTo("2025-06-15T10:34:01.014Z");
        assertThat(r.content().recordNumber()).isEqualTo(16736);
        assertThat(r.content().latitude()).isEqualTo(-6.262576);
        assertThat(r.content().longitude()).isEqualTo(106.877006);
        assertThat(r.content().attributes()).containsEntry("modbus0", 2120.0).containsEntry("modbus15", 0.0)
                .containsEntry("odometer", 21977L).doesNotContainKey("modbus16");
        assertThat(records.get(1).timeMs()).isEqualTo(1749983611016L);
    }

    static Stream<Arguments> seeds() {
        long base = 0x6A11_1E05L;
        return Stream.iterate(base, s -> s + 1).limit(200).map(Arguments::of);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomPacketsDecodeToExactlyTheGeneratedValues(long seed) throws Exception {
        Random rnd = new Random(seed);
        String imei = rnd.nextBoolean()
                ? String.format("%015d", Math.floorMod(rnd.nextLong(), 1_000_000_000_000_000L)) : null;
        TestPackets.GeneratedPacket generated = TestPackets.randomMainPacket(rnd, 1 + rnd.nextInt(20), imei);
        assertThat(decoder.decode(1, generated.payload())).as("seed %d", seed).isEqualTo(generated.expected());
    }

    private static final String HARYOWL_2025 = """
            0140031060412099a14e68210e00300ed070a0ff4ed05e063300000000343000350640080a41265e423e0f450f0046030050
            025e51565e520000530000540000550000d4d9550000e200000000e300000000e400000000e500000000e600000000e70000
            0000e800000000e900000000fe60000100203c03000200000000000300000000000400000000000500000000000600000000
            000700000000000800000000000900000000000a00000000000b00000000000c00000000000d00000000000e00000000000f
            0000000000100000000000105f41207ba14e68211000300dd070a0ff4ed05e063300000000343000350740080a412c5e423e
            0f450f0046030050135e517d5e520000530000540000550000d4d9550000e200000000e300000000e400000000e500000000
            e600000000e700000000e800000000e900000000fe60000100e8100200020000000000030000000000040000000000050000
            0000000600000000000700000000000800000000000900000000000a00000000000b00000000000c00000000000d00000000
            000e00000000000f0000000000100000000000105e41205da14e68211400300dd070a0ff4ed05e0633000000003430003507
            40080a413a5e423a0f450f00460300501d5e51885e520000530000540000550000d4d9550000e200000000e300000000e400
            000000e500000000e600000000e700000000e800000000e900000000fe60000100783e030002000000000003000000000004
            00000000000500000000000600000000000700000000000800000000000900000000000a00000000000b00000000000c0000
            0000000d00000000000e00000000000f0000000000100000000000105d41203fa14e68211500300ed070a0ff4ed05e063300
            000000343000350740080a41235e423a0f450f0046030050f05d515b5e520000530000540000550000d4d9550000e2000000
            00e300000000e400000000e500000000e600000000e700000000e800000000e900000000fe60000100143e03000200000000
            000300000000000400000000000500000000000600000000000700000000000800000000000900000000000a00000000000b
            00000000000c00000000000d00000000000e00000000000f0000000000100000000000d092""";
}
