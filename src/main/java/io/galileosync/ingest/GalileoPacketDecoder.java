package io.galileosync.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Galileosky payload bytes to records. Stateless and thread-safe: the IMEI of records without tag 03 is the
 * connection's business.
 */
public final class GalileoPacketDecoder {

    private static final int HEADER_MAIN = 0x01;
    private static final int HEADER_COMPRESSED = 0x08;

    private final CompressedPacketReader compressedReader;
    private final Clock clock;

    public GalileoPacketDecoder(MdsBitOrder mdsBitOrder) {
        this(mdsBitOrder, Clock.systemUTC());
    }

    /** @param clock supplies the year of compressed-packet MDS times, which carry none */
    public GalileoPacketDecoder(MdsBitOrder mdsBitOrder, Clock clock) {
        this.compressedReader = new CompressedPacketReader(Objects.requireNonNull(mdsBitOrder, "mdsBitOrder"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** payload = bytes between the 3-byte header+length and the 2-byte CRC of a 0x01 or 0x08 frame. */
    public DecodedPacket decode(int header, byte[] payload) throws PacketDecodeException {
        if (payload == null) {
            throw new PacketDecodeException("payload is null");
        }
        try {
            if (header == HEADER_MAIN) {
                return assemble(readMain(payload, 0, payload.length), false);
            }
            if (header == HEADER_COMPRESSED) {
                return assemble(compressedReader.read(payload, 0, payload.length, clock.millis()), true);
            }
            throw new PacketDecodeException(String.format("header 0x%02x carries no records", header));
        } catch (RuntimeException e) {
            throw internalError(e);
        }
    }

    /**
     * A whole Iridium SBD DirectIP frame (PROTOCOL.md §7, starts 01 | u16 BE | 01 00 1C ...); its IE02 payload is
     * decoded as uncompressed unless {@code compressed} is true (a device setting, not visible in the bytes).
     */
    public DecodedPacket decodeIridium(byte[] frame, boolean compressed) throws PacketDecodeException {
        if (frame == null) {
            throw new PacketDecodeException("frame is null");
        }
        try {
            IridiumReader.Message message = IridiumReader.read(frame);
            if (message.payloadStart() < 0) {
                return new DecodedPacket(null, List.of());
            }
            long referenceMs = message.timeMs() != null ? message.timeMs() : clock.millis();
            List<RecordBuilder> records = compressed
                    ? compressedReader.read(frame, message.payloadStart(), message.payloadEnd(), referenceMs)
                    : readMain(frame, message.payloadStart(), message.payloadEnd());
            message.applyTo(records);
            return assemble(records, true);
        } catch (RuntimeException e) {
            throw internalError(e);
        }
    }

    /** A record ends where a tag id is not greater than the one before it (tags ascend inside a record). */
    private static List<RecordBuilder> readMain(byte[] b, int start, int end) throws PacketDecodeException {
        List<RecordBuilder> records = new ArrayList<>();
        RecordBuilder current = null;
        int previous = 0;
        int pos = start;
        while (pos < end) {
            int id = b[pos] & 0xFF;
            if (current == null || id <= previous) {
                current = new RecordBuilder(records.size() + 1);
                records.add(current);
            }
            TagTable.Tag tag = TagTable.get(id);
            if (tag == null) {
                throw new PacketDecodeException(String.format(
                        "unknown tag 0x%02x at offset %d in record %d", id, pos, current.index()));
            }
            pos = TagTable.readValue(tag, b, pos + 1, end, current);
            previous = id;
        }
        return records;
    }

    /**
     * Head tags go to the packet head (from the first record that has any); a record without time, position or
     * command is only head information unless {@code allAreRecords} (compressed and Iridium payloads have no head).
     */
    private static DecodedPacket assemble(List<RecordBuilder> builders, boolean allAreRecords) {
        DeviceHead head = null;
        List<DecodedRecord> records = new ArrayList<>(builders.size());
        for (RecordBuilder builder : builders) {
            if (head == null && builder.hasHeadTags()) {
                head = builder.head();
            }
            if (allAreRecords || builder.isDataRecord()) {
                records.add(builder.build());
            }
        }
        return new DecodedPacket(head, records);
    }

    /** Keeps the contract that only PacketDecodeException leaves the decoder; tests assert the cause is null. */
    private static PacketDecodeException internalError(RuntimeException e) {
        return new PacketDecodeException("decoder error: " + e, e);
    }
}
