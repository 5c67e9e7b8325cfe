package io.galileosync.simulate;

import io.galileosync.ingest.Crc16;
import io.galileosync.ingest.GalileoFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Galileosky frames as a tracker sends them (PROTOCOL.md §1-§4): {@code header | u16 LE length | payload |
 * CRC-16/MODBUS LE}, head packets (tags 01-04) and main packets of {@link SimulatedRecord}s.
 */
public final class PacketEncoder {

    /** Bit 15 of the length word: the tracker's archive still holds unsent records. */
    private static final int ARCHIVE_FLAG = 0x8000;
    public static final int MAX_PAYLOAD = 0x7FFF;

    /** What one simulated record carries, in the ascending tag order a record must have. */
    private static final List<Tag> RECORD_TAGS = recordTags();

    private record Tag(int id, BiConsumer<PayloadWriter, SimulatedRecord> value) {
    }

    private PacketEncoder() {
    }

    /** {@code header | u16 LE length (bit 15 = archiveFlag) | payload | CRC LE} over everything before the CRC. */
    public static byte[] frame(int header, byte[] payload, boolean archiveFlag) {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload longer than " + MAX_PAYLOAD + " bytes: " + payload.length);
        }
        int length = payload.length | (archiveFlag ? ARCHIVE_FLAG : 0);
        byte[] frame = new byte[payload.length + 5];
        frame[0] = (byte) header;
        frame[1] = (byte) length;
        frame[2] = (byte) (length >>> 8);
        System.arraycopy(payload, 0, frame, 3, payload.length);
        int crc = Crc16.modbus(frame, 0, payload.length + 3);
        frame[frame.length - 2] = (byte) crc;
        frame[frame.length - 1] = (byte) (crc >>> 8);
        return frame;
    }

    /** The head packet a tracker opens its connection with: hardware and firmware version, IMEI, device number. */
    public static byte[] headPacket(String imei, int hardwareVersion, int firmwareVersion, int deviceNumber,
                                    boolean archiveFlag) {
        if (imei.length() != 15 || !imei.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("an IMEI is 15 digits: " + imei);
        }
        PayloadWriter w = new PayloadWriter()
                .tag(0x01).le(hardwareVersion, 1)
                .tag(0x02).le(firmwareVersion, 1)
                .tag(0x03).ascii(imei)
                .tag(0x04).le(deviceNumber, 2);
        return frame(GalileoFrame.HEAD_MAIN, w.toByteArray(), archiveFlag);
    }

    /** A main packet of the records, without IMEI (the server has it from the head packet). */
    public static byte[] mainPacket(List<SimulatedRecord> records, boolean archiveFlag) {
        PayloadWriter w = new PayloadWriter();
        for (SimulatedRecord record : records) {
            writeRecord(w, record);
        }
        return frame(GalileoFrame.HEAD_MAIN, w.toByteArray(), archiveFlag);
    }

    static void writeRecord(PayloadWriter w, SimulatedRecord record) {
        for (Tag tag : RECORD_TAGS) {
            w.tag(tag.id());
            tag.value().accept(w, record);
        }
    }

    private static List<Tag> recordTags() {
        List<Tag> tags = new ArrayList<>();
        tags.add(new Tag(0x10, (w, r) -> w.le(r.recordNumber(), 2)));
        tags.add(new Tag(0x20, (w, r) -> w.le(r.timeMs() / 1000, 4)));
        tags.add(new Tag(0x21, (w, r) -> w.le(r.timeMs() % 1000, 2)));
        // low nibble satellites, high nibble 0 = valid GNSS fix, 1 = not valid
        tags.add(new Tag(0x30, (w, r) -> w.le((r.fix().valid() ? 0 : 0x10) | r.fix().satellites(), 1)
                .le(r.fix().latitudeMicro(), 4).le(r.fix().longitudeMicro(), 4)));
        tags.add(new Tag(0x33, (w, r) -> w.le(r.fix().speedTenths(), 2).le(r.fix().courseTenths(), 2)));
        tags.add(new Tag(0x34, (w, r) -> w.le(r.fix().altitude(), 2)));
        tags.add(new Tag(0x35, (w, r) -> w.le(r.fix().hdopTenths(), 1)));
        tags.add(new Tag(0x40, (w, r) -> w.le(r.terminal().status(), 2)));
        tags.add(new Tag(0x41, (w, r) -> w.le(r.terminal().supplyMv(), 2)));
        tags.add(new Tag(0x42, (w, r) -> w.le(r.terminal().batteryMv(), 2)));
        tags.add(new Tag(0x43, (w, r) -> w.le(r.terminal().temperature(), 1)));
        tags.add(new Tag(0x45, (w, r) -> w.le(r.terminal().outputs(), 2)));
        tags.add(new Tag(0x46, (w, r) -> w.le(r.terminal().inputs(), 2)));
        for (int input = 0; input < TrackGenerator.ANALOG_INPUTS; input++) {
            int index = input;
            tags.add(new Tag(0x50 + input, (w, r) -> w.le(r.sensors().analogInputs().get(index), 2)));
        }
        tags.add(new Tag(0x60, (w, r) -> w.le(r.sensors().fuelLevel(), 2)));
        tags.add(new Tag(0x70, (w, r) -> w.le(r.sensors().oneWireId(), 1).le(r.sensors().oneWireTemperature(), 1)));
        tags.add(new Tag(0xC1, (w, r) -> w.le(r.sensors().canFuelRaw(), 1).le(r.sensors().canCoolantRaw(), 1)
                .le(r.sensors().canRpmRaw(), 2)));
        tags.add(new Tag(0xD4, (w, r) -> w.le(r.sensors().odometerMeters(), 4)));
        tags.add(new Tag(0xFE, (w, r) -> {
            byte[] block = extendedBlock(r.sensors());
            w.le(block.length, 2).bytes(block);
        }));
        return List.copyOf(tags);
    }

    /** Extended tags (PROTOCOL.md §4): u16 id, then its fixed-size value. */
    private static byte[] extendedBlock(SimulatedRecord.Sensors s) {
        return new PayloadWriter()
                .le(0x0081, 2).le(s.cellId(), 2)
                .le(0x0082, 2).le(s.lac(), 2)
                .le(0x0085, 2).le(s.rssi(), 1)
                .le(0x008E, 2).le(s.gpsVisible(), 1).le(s.gpsUsed(), 1).le(s.snrAverage(), 1).le(s.snrMax(), 1)
                .toByteArray();
    }
}
