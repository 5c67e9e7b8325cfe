package io.galileosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jazzer fuzzes {@link GalileoPacketDecoder} on every entry: main 0x01 and compressed 0x08 payloads (both MDS
 * bit orders) and whole Iridium frames (uncompressed and compressed payload). Whatever the bytes, only a
 * {@link PacketDecodeException} of the decoder's own (no internal cause) leaves it, the heap it takes is bounded
 * by the input, it makes no more records than there are bytes, and decoding the same bytes again gives the same
 * packet.
 *
 * <p>Input: byte 0 picks the entry (mod {@link Entry#values()}), the rest is what that entry is given.
 */
class GalileoPacketDecoderFuzzTest {

    /** A fixed "now": the year of compressed MDS times comes from the clock, and re-decoding must not move. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T12:00:00Z"), ZoneOffset.UTC);
    private static final GalileoPacketDecoder MSB_FIRST = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST, CLOCK);
    private static final GalileoPacketDecoder LSB_WORD = new GalileoPacketDecoder(MdsBitOrder.LSB_WORD, CLOCK);

    enum Entry {
        MAIN, COMPRESSED_MSB_FIRST, COMPRESSED_LSB_WORD, IRIDIUM, IRIDIUM_COMPRESSED;

        DecodedPacket decode(byte[] bytes) throws PacketDecodeException {
            return switch (this) {
                case MAIN -> MSB_FIRST.decode(GalileoFrame.HEAD_MAIN, bytes);
                case COMPRESSED_MSB_FIRST -> MSB_FIRST.decode(GalileoFrame.COMPRESSED, bytes);
                case COMPRESSED_LSB_WORD -> LSB_WORD.decode(GalileoFrame.COMPRESSED, bytes);
                case IRIDIUM -> MSB_FIRST.decodeIridium(bytes, false);
                case IRIDIUM_COMPRESSED -> MSB_FIRST.decodeIridium(bytes, true);
            };
        }

        byte[] seed(byte[] bytes) {
            return VectorSeeds.prefixed(new byte[] {(byte) ordinal()}, bytes);
        }
    }

    /** Each frame where the connection handler would hand it over, and main payloads as compressed ones too. */
    static Stream<byte[]> packet() {
        return VectorSeeds.frames().stream().flatMap(bytes -> {
            GalileoFrame frame = GalileoFrame.of(bytes);
            if (frame.iridium()) {
                return Stream.of(Entry.IRIDIUM.seed(bytes), Entry.IRIDIUM_COMPRESSED.seed(bytes));
            }
            byte[] payload = frame.payload();
            return frame.header() == GalileoFrame.COMPRESSED
                    ? Stream.of(Entry.COMPRESSED_MSB_FIRST.seed(payload), Entry.COMPRESSED_LSB_WORD.seed(payload))
                    : Stream.of(Entry.MAIN.seed(payload), Entry.COMPRESSED_MSB_FIRST.seed(payload));
        });
    }

    @MethodSource
    @DictionaryFile(resourcePath = "/galileosky/galileosky.dict")
    @FuzzTest
    void packet(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        Entry entry = Entry.values()[(input[0] & 0xFF) % Entry.values().length];
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        DecodedPacket[] first = new DecodedPacket[1];
        HeapAllocation.withinBudget(bytes.length, () -> first[0] = decodeCleanly(entry, bytes));
        if (first[0] == null) {
            return;
        }
        assertThat(first[0].records().size()).as("records from %d bytes", bytes.length).isLessThanOrEqualTo(bytes.length);
        assertThat(decodeCleanly(entry, bytes)).as("decoded again").isEqualTo(first[0]);
    }

    /** The packet, or null for a clean refusal; an internal error (a cause) propagates as a finding. */
    private static DecodedPacket decodeCleanly(Entry entry, byte[] bytes) {
        try {
            return entry.decode(bytes);
        } catch (PacketDecodeException e) {
            if (e.getCause() != null) {
                throw new AssertionError(entry + ": decoder error", e);
            }
            return null;
        }
    }
}
