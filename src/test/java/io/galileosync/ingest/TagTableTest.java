package io.galileosync.ingest;

import static io.galileosync.ingest.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.galileosync.store.TrackRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Tag and extended-tag decoding, mostly with the official examples of PROTOCOL.md §10. */
class TagTableTest {

    /** A record needs a time to count as one; this one is 2019-06-11T10:32:46Z. */
    private static final String TIME = "20 4E83FF5C";

    private final GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);

    private DecodedRecord single(String payloadHex) throws PacketDecodeException {
        List<DecodedRecord> records = decoder.decode(1, hex(payloadHex)).records();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private Map<String, Object> attributes(String tagsAfterTime) throws PacketDecodeException {
        return single(TIME + tagsAfterTime).content().attributes();
    }

    @Test
    void everyDocumentedTagHasItsDocumentedLength() {
        // PROTOCOL.md §2, written out independently of TagTable; 0 = variable length
        Map<Integer, Integer> documented = new HashMap<>();
        put(documented, 0x01, 0x02, 1);
        put(documented, 0x03, 0x03, 15);
        put(documented, 0x04, 0x04, 2);
        put(documented, 0x10, 0x10, 2);
        put(documented, 0x11, 0x11, 4);
        put(documented, 0x20, 0x20, 4);
        put(documented, 0x21, 0x21, 2);
        put(documented, 0x30, 0x30, 9);
        put(documented, 0x33, 0x33, 4);
        put(documented, 0x34, 0x34, 2);
        put(documented, 0x35, 0x36, 1);
        put(documented, 0x40, 0x42, 2);
        put(documented, 0x43, 0x43, 1);
        put(documented, 0x44, 0x44, 4);
        put(documented, 0x45, 0x46, 2);
        put(documented, 0x47, 0x47, 4);
        put(documented, 0x48, 0x48, 2);
        put(documented, 0x49, 0x49, 1);
        put(documented, 0x50, 0x59, 2);
        put(documented, 0x5A, 0x5A, 4);
        put(documented, 0x5B, 0x5B, 0);
        put(documented, 0x5C, 0x5C, 68);
        put(documented, 0x5D, 0x5D, 3);
        put(documented, 0x60, 0x62, 2);
        put(documented, 0x63, 0x6F, 3);
        put(documented, 0x70, 0x7D, 2);
        put(documented, 0x80, 0x87, 3);
        put(documented, 0x88, 0x8C, 1);
        put(documented, 0x90, 0x90, 4);
        put(documented, 0xA0, 0xAF, 1);
        put(documented, 0xB0, 0xB9, 2);
        put(documented, 0xC0, 0xC3, 4);
        put(documented, 0xC4, 0xD2, 1);
        put(documented, 0xD3, 0xD4, 4);
        put(documented, 0xD5, 0xD5, 1);
        put(documented, 0xD6, 0xDA, 2);
        put(documented, 0xDB, 0xE0, 4);
        put(documented, 0xE1, 0xE1, 0);
        put(documented, 0xE2, 0xE9, 4);
        put(documented, 0xEA, 0xEB, 0);
        put(documented, 0xF0, 0xF9, 4);
        put(documented, 0xFE, 0xFE, 0);
        for (int id = 0; id < 256; id++) {
            TagTable.Tag tag = TagTable.get(id);
            Integer length = documented.get(id);
            if (length == null) {
                // includes 0xFA and 0xFD, which only Traccar knows as main tags (PROTOCOL.md §2)
                assertThat(tag).as("tag 0x%02x", id).isNull();
            } else {
                assertThat(tag.length()).as("tag 0x%02x", id).isEqualTo(length == 0 ? TagTable.VARIABLE : length);
            }
        }
    }

    private static void put(Map<Integer, Integer> map, int first, int last, int length) {
        for (int id = first; id <= last; id++) {
            map.put(id, length);
        }
    }

    @Test
    void position() throws Exception {
        TrackRecord c = single("30 07C00E3203B8D72D05").content();
        assertThat(c.satellites()).isEqualTo(7);
        assertThat(c.fixValid()).isTrue();
        assertThat(c.latitude()).isEqualTo(53.612224);
        assertThat(c.longitude()).isEqualTo(86.890424);
        assertThat(c.attributes()).containsEntry("fixSource", "gnss").containsEntry("fixValidity", 0);
    }

    @Test
    void speedAndCourse() throws Exception {
        TrackRecord c = single(TIME + "33 5C004808").content();
        assertThat(c.speed()).isEqualTo(9.2);
        assertThat(c.course()).isEqualTo(212.0);
    }

    @Test
    void time() throws Exception {
        assertThat(Instant.ofEpochMilli(single(TIME).timeMs())).isEqualTo("2019-06-11T10:32:46Z");
    }

    @Test
    void millisecondsCompleteTheTime() throws Exception {
        assertThat(single(TIME + "21 E703").timeMs()).isEqualTo(1560249166999L);
    }

    @Test
    void statusWordAndItsBits() throws Exception {
        TrackRecord c = single(TIME + "40 013A").content();
        assertThat(c.status()).isEqualTo(0x3A01);
        assertThat(Integer.toBinaryString(c.status())).isEqualTo("11101000000001"); // KUZ: 0011101000000001
        assertThat(c.attributes().get("statusFlags")).asInstanceOf(MAP)
                .containsEntry("moving", true).containsEntry("ignition", true).containsEntry("gnssModuleBit", true)
                .containsEntry("gsmSignal", 3).containsEntry("tilt", false).containsEntry("alarmTriggered", false)
                .hasSize(15);
    }

    @Test
    void acceleration() throws Exception {
        assertThat(attributes("44 AF219815")).containsEntry("acceleration", Map.of("x", 431, "y", 520, "z", 345));
    }

    @Test
    void oneWireThermometer() throws Exception {
        assertThat(attributes("70 0110")).containsEntry("oneWire0", Map.of("id", 1, "temperature", 16));
    }

    @Test
    void ds1923Humidity() throws Exception {
        // DOCEN: 0x20 -> 12.54 % (DOC19's 7.84 % was a doc error)
        Map<String, Object> ds = attributes("80 011020");
        assertThat(ds.get("ds1923_0")).asInstanceOf(MAP).containsEntry("id", 1).containsEntry("temperature", 16);
        assertThat((Double) ((Map<?, ?>) ds.get("ds1923_0")).get("humidity")).isCloseTo(12.54, within(0.01));
    }

    @Test
    void canA1() throws Exception {
        assertThat(attributes("C1 FA725025"))
                .containsEntry("canA1", Map.of("fuelPercent", 100.0, "coolantTemperature", 74, "rpm", 1194.0));
    }

    @Test
    void iButtonKeys() throws Exception {
        assertThat(attributes("D5 05")).containsEntry("iButtonKeys", 5); // keys 1 and 3
    }

    @Test
    void scaledCanValues() throws Exception {
        assertThat(attributes("C0 0B000000 C2 0A000000"))
                .containsEntry("canFuelTotal", 5.5).containsEntry("canMileage", 50L);
    }

    @Test
    void hdopForGnssAndErrorInMetresForLbs() throws Exception {
        TrackRecord gnss = single(TIME + "30 07C00E3203B8D72D05 35 0C").content();
        assertThat(gnss.hdop()).isEqualTo(1.2);
        TrackRecord lbs = single(TIME + "30 27C00E3203B8D72D05 35 0C").content();
        assertThat(lbs.hdop()).isNull();
        assertThat(lbs.fixValid()).isTrue();
        assertThat(lbs.attributes()).containsEntry("fixSource", "lbs").containsEntry("lbsErrorMeters", 120);
    }

    @Test
    void invalidFixKeepsTheCoordinates() throws Exception {
        TrackRecord c = single("30 F7C00E3203B8D72D05").content();
        assertThat(c.fixValid()).isFalse();
        assertThat(c.latitude()).isEqualTo(53.612224);
        assertThat(c.attributes()).containsEntry("fixSource", "invalid").containsEntry("fixValidity", 15);
    }

    @Test
    void signedValues() throws Exception {
        TrackRecord c = single(TIME + "34 F6FF 43 EC 88 FF").content();
        assertThat(c.altitude()).isEqualTo(-10);
        assertThat(c.temperature()).isEqualTo(-20);
        assertThat(c.attributes()).containsEntry("rs232Ext0", -1);
    }

    @Test
    void extendedStatusAndChannel() throws Exception {
        assertThat(attributes("48 2300 49 21"))
                .containsEntry("extendedStatus", 0x23)
                .containsEntry("channel", Map.of("value", 0x21, "link", "gsm", "target", "hub"));
    }

    @Test
    void headTagsAreAlsoAttributes() throws Exception {
        DecodedPacket packet = decoder.decode(1, hex("01 11 02 DF 03 383638323034303035363437383338 04 3200 " + TIME));
        assertThat(packet.head()).isEqualTo(new DeviceHead("868204005647838", 17, 223, 50));
        assertThat(packet.records().get(0).content().attributes())
                .containsEntry("hardwareVersion", 17).containsEntry("firmwareVersion", 223)
                .containsEntry("deviceNumber", 50);
    }

    @Test
    void headWithExtendedTagsKeepsThemAsARecord() throws Exception {
        // DOC23's head packet ends with FE 06 00 01 00 00 00 00 00: nothing a tracker sent is dropped
        DecodedPacket packet = decoder.decode(1,
                hex("01 11 02 DF 03 383638323034303035363437383338 04 3200 FE 0600 0100 00000000"));
        assertThat(packet.records()).singleElement()
                .satisfies(r -> assertThat(r.content().attributes()).containsKey("modbus0"));
        assertThat(packet.head()).isEqualTo(new DeviceHead("868204005647838", 17, 223, 50));
    }

    @Test
    void commandTextIsCp1251() throws Exception {
        byte[] text = "Привет".getBytes(Charset.forName("windows-1251"));
        DecodedRecord r = single("E0 07000000 E1 06" + HexFormat.of().formatHex(text));
        assertThat(r.timeMs()).isNull();
        assertThat(r.content().attributes()).containsEntry("commandNumber", 7L)
                .containsEntry("commandText", "Привет");
    }

    @Test
    void commandBinaryAndUserArrayAreHex() throws Exception {
        assertThat(single("EB 03 0102FF").content().attributes()).containsEntry("commandBinary", "0102ff");
        assertThat(attributes("EA 02 0A0B")).containsEntry("userArray", Map.of("hex", "0a0b"));
        assertThat(attributes("EA 00")).containsEntry("userArray", Map.of("hex", ""));
    }

    @Test
    void refrigeratorBlocksFollowTheFlags() throws Exception {
        // type 1, flags bits 1 and 4: 7 fixed bytes + 10-byte zone block + 2-byte sensor block
        Map<String, Object> fridge = attributes("5B 01 1200 01020304 00112233445566778899 AABB");
        assertThat(fridge).containsEntry("refrigerator", Map.of("type", 1, "flags", 0x12, "inputs", "01020304",
                "block1", "00112233445566778899", "block4", "aabb"));
    }

    @Test
    void tpmsSensors() throws Exception {
        Object tpms = attributes("5C " + "1E08".repeat(34)).get("tpms");
        assertThat(tpms).asInstanceOf(LIST).hasSize(34).allMatch(s -> s.equals(Map.of("pressure", 30, "status", 8)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "8600 0600801A|extTemperature0|{id=6, temperature=26.5}",
            "8D00 7F000080|extTemperature7|{id=127, temperature=-128.0}",
            // the doc text says SNR max 51 (0x33); the example bytes say 0xAE: a doc typo
            "8E00 0A051EAE|satellitesGps|{visible=10, used=5, snrAvg=30, snrMax=174}",
            // DOCEN (and PROTOCOL.md §10) read 3E 02 00 00 as 0x00003E02 = 15874; little-endian it is 0x023E = 574
            "AB00 2E3F0000 3E020000 DD040000|archiveStatus|{total=16174, sentMain=574, sentSecond=1245}",
            "9200 323530393938323037303239303531|imsi|250998207029051",
            "AD00 0080C25E265A|wifiMac|0080c25e265a",
            "AF00 8982DF6700000000 F701 09000000|selfDiagnostics|"
                    + "{lastResetTime=1742701193, rebootReason=503, rebootCount=9}",
            "0100 10270000|modbus0|100.0",
            "8000 F0D8FFFF|modbus63|-100.0",
            "2100 A8FFFFFF|bluetooth0|-88",
            "8300 FA00|mcc|250",
            "D900 1EF601|tpmsWheel0|{pressure=30, temperature=-10, status=1}",
            "FA00 1E0A00|tpmsWheel33|{pressure=30, temperature=10, status=0}",
            "FC00 0B|recordReason|11"})
    void extendedTagExamples(String extHex, String name, String expected) throws Exception {
        byte[] ext = hex(extHex);
        String block = String.format("FE %02X%02X ", ext.length & 0xFF, ext.length >>> 8) + extHex;
        assertThat(String.valueOf(attributes(block).get(name))).isEqualTo(expected);
    }

    @Test
    void unknownExtendedIdKeepsTheRestOfTheBlock() throws Exception {
        assertThat(attributes("FE 0C00 8500 40 AA00 01020304 8500 41"))
                .containsEntry("rssi", 0x40).containsEntry("ext_0x00aa", "01020304850041")
                .hasSize(2);
    }

    @Test
    void spnBlockIsKeptRaw() throws Exception {
        assertThat(attributes("FE 0C00 8300 FA00 2427 02 01 AA 02 BBCC"))
                .containsEntry("mcc", 250).containsEntry("spnRaw", "24270201aa02bbcc");
    }

    @Test
    void extendedValueOverrunningTheBlockIsKeptRaw() throws Exception {
        assertThat(attributes("FE 0400 9200 3132")).containsEntry("ext_0x0092", "3132");
        assertThat(attributes("FE 0400 8500 40 01")).containsEntry("rssi", 0x40).containsEntry("extTrailing", "01");
    }

    @Test
    void extendedBlockLongerThanThePayloadFails() {
        assertThatThrownBy(() -> decoder.decode(1, hex(TIME + "FE 1000 8500 40")))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessage("tag 0xfe (extended) at offset 6 in record 1 needs 18 bytes but 5 remain");
    }

    @Test
    void unknownTagFailsWithItsOffsetAndRecord() {
        assertThatThrownBy(() -> decoder.decode(1, hex(TIME + " 10 0100 " + TIME + " 37 00")))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessage("unknown tag 0x37 at offset 13 in record 2");
    }

    @Test
    void truncatedValueFails() {
        assertThatThrownBy(() -> decoder.decode(1, hex(TIME + " 30 07C00E")))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessage("tag 0x30 (position) at offset 6 in record 1 needs 9 bytes but 3 remain");
        assertThatThrownBy(() -> decoder.decode(1, hex(TIME + " E1")))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessage("tag 0xe1 (commandText) at offset 6 in record 1 needs more bytes but 0 remain");
    }

    @Test
    void recordsSplitWhereTheTagIdDoesNotAscend() throws Exception {
        // 20 then 20 again: a repeat starts record 2; 30 after 40 starts record 3
        List<DecodedRecord> records = decoder.decode(1,
                hex(TIME + " 40 0000 " + TIME + " 41 0100 30 07C00E3203B8D72D05")).records();
        assertThat(records).hasSize(3);
        assertThat(records.get(2).timeMs()).isNull();
        assertThat(records.get(2).content().latitude()).isEqualTo(53.612224);
    }

    @Test
    void imeiMustBeDigits() {
        assertThatThrownBy(() -> decoder.decode(1, hex("03 38363832303430303536343738334A")))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessage("IMEI at offset 1 in record 1 is not 15 ASCII digits: 38363832303430303536343738334a");
    }
}
