package io.galileosync.ingest;

import static io.galileosync.ingest.GalileoBytes.hex;
import static io.galileosync.ingest.GalileoBytes.u16;
import static io.galileosync.ingest.GalileoBytes.u8;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Compressed main packets, header 0x08 (PROTOCOL.md §5): an optional 10-byte minimal data set (MDS) per record,
 * a tag list (and an extended tag list when FE is listed) in record 1 only, then every record repeats the values
 * of the listed tags in list order. The format's three parts depend on each other's offsets, so they are read
 * by one class.
 */
final class CompressedPacketReader {

    static final int MDS_LENGTH = 10;

    private static final int TAG_BITMASK = 0xFF;
    private static final int TAG_BITMASK_LENGTH = 32;
    private static final int EXT_BITMASK_FLAG = 0x8000;
    /** 8192 mask bytes already cover every u16 extended id. */
    private static final int EXT_BITMASK_MAX = 8192;
    private static final int TPMS = 0x5C;
    private static final int EXTENDED = 0xFE;
    private static final long DAY_MS = 86_400_000L;

    private final MdsBitOrder mdsBitOrder;

    CompressedPacketReader(MdsBitOrder mdsBitOrder) {
        this.mdsBitOrder = mdsBitOrder;
    }

    /**
     * @param referenceMs "now" for the MDS: its time carries no year, so the year of this instant is assumed
     *                    (the previous one if that would put the record more than a day in the future)
     */
    List<RecordBuilder> read(byte[] b, int start, int end, long referenceMs) throws PacketDecodeException {
        List<RecordBuilder> records = new ArrayList<>();
        if (start >= end) {
            return records;
        }
        boolean hasMds = (b[start] & 0x80) == 0;
        int[] tags = null;
        int[] extIds = null;
        int pos = start;
        while (pos < end) {
            RecordBuilder r = new RecordBuilder(records.size() + 1);
            int recordStart = pos;
            if (hasMds) {
                require(pos, MDS_LENGTH, end, "minimal data set", r);
                applyMds(b, pos, referenceMs, r);
                pos += MDS_LENGTH;
            }
            if (tags == null) {
                boolean listFollows = pos < end && (b[pos] & 0x80) != 0;
                tags = listFollows ? readTagList(b, pos, end, r) : new int[0];
                pos += listFollows ? tagListLength(b, pos) : 0;
                if (contains(tags, EXTENDED)) {
                    extIds = readExtList(b, pos, end, r);
                    pos += extListLength(b, pos);
                }
            }
            for (int id : tags) {
                pos = readValue(id, extIds, b, pos, end, r);
            }
            if (pos == recordStart) {
                throw new PacketDecodeException(String.format(
                        "compressed packet lists no tags and has no MDS, but %d bytes remain at offset %d",
                        end - pos, pos));
            }
            records.add(r);
        }
        return records;
    }

    private static int readValue(int id, int[] extIds, byte[] b, int pos, int end, RecordBuilder r)
            throws PacketDecodeException {
        if (id == EXTENDED) {
            require(pos, 2, end, "extended tag block length", r);
            int blockEnd = pos + 2 + u16(b, pos);
            require(pos, blockEnd - pos, end, "extended tag block", r);
            ExtendedTagTable.readListed(extIds, b, pos + 2, blockEnd, r);
            return blockEnd;
        }
        if (id == TPMS && isNoTpmsMarker(b, pos, end)) {
            return pos + 2;
        }
        return TagTable.readValue(TagTable.get(id), b, pos, end, r);
    }

    /** DOC19 p10: a compressed 0x5C may be just 0x00FF, "no data"; the byte order is not stated, so both count. */
    private static boolean isNoTpmsMarker(byte[] b, int pos, int end) {
        return pos + 2 <= end && ((u8(b, pos) == 0x00 && u8(b, pos + 1) == 0xFF)
                || (u8(b, pos) == 0xFF && u8(b, pos + 1) == 0x00));
    }

    private static int[] readTagList(byte[] b, int pos, int end, RecordBuilder r) throws PacketDecodeException {
        require(pos, tagListLength(b, pos), end, "tag list", r);
        int[] tags;
        if (u8(b, pos) == TAG_BITMASK) {
            tags = maskBits(b, pos + 1, TAG_BITMASK_LENGTH);
        } else {
            tags = new int[u8(b, pos) & 0x7F];
            for (int i = 0; i < tags.length; i++) {
                tags[i] = u8(b, pos + 1 + i);
            }
        }
        for (int id : tags) {
            if (TagTable.get(id) == null) {
                throw new PacketDecodeException(String.format(
                        "unknown tag 0x%02x in the compressed tag list at offset %d", id, pos));
            }
        }
        return tags;
    }

    private static int tagListLength(byte[] b, int pos) {
        return 1 + (u8(b, pos) == TAG_BITMASK ? TAG_BITMASK_LENGTH : u8(b, pos) & 0x7F);
    }

    private static int[] readExtList(byte[] b, int pos, int end, RecordBuilder r) throws PacketDecodeException {
        require(pos, 2, end, "extended tag list length", r);
        int word = u16(b, pos);
        if ((word & EXT_BITMASK_FLAG) != 0 && (word & ~EXT_BITMASK_FLAG) > EXT_BITMASK_MAX) {
            throw new PacketDecodeException(String.format(
                    "extended tag bitmask of %d bytes at offset %d is longer than %d", word & ~EXT_BITMASK_FLAG,
                    pos, EXT_BITMASK_MAX));
        }
        require(pos, extListLength(b, pos), end, "extended tag list", r);
        if ((word & EXT_BITMASK_FLAG) != 0) {
            return maskBits(b, pos + 2, word & ~EXT_BITMASK_FLAG);
        }
        int[] ids = new int[word];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = u16(b, pos + 2 + 2 * i);
        }
        return ids;
    }

    private static int extListLength(byte[] b, int pos) {
        int word = u16(b, pos);
        return 2 + ((word & EXT_BITMASK_FLAG) != 0 ? word & ~EXT_BITMASK_FLAG : 2 * word);
    }

    /** Bit n of the mask (LSB of the first byte = bit 0) set means id n is listed; ids come out ascending. */
    private static int[] maskBits(byte[] b, int off, int length) {
        int count = 0;
        for (int i = off; i < off + length; i++) {
            count += Integer.bitCount(u8(b, i));
        }
        int[] ids = new int[count];
        int k = 0;
        for (int bit = 0; bit < length * 8; bit++) {
            if ((b[off + bit / 8] >>> (bit % 8) & 1) != 0) {
                ids[k++] = bit;
            }
        }
        return ids;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * The MDS bit layout is unconfirmed by real data (PROTOCOL.md §5), so the raw bytes and the bit order travel
     * with the record, and time and position are taken only when they pass basic checks.
     */
    private void applyMds(byte[] b, int off, long referenceMs, RecordBuilder r) {
        MinimalDataSet mds = MinimalDataSet.read(b, off, mdsBitOrder);
        Long timeMs = mds.flag() ? null : mds.timeMs(referenceMs);
        r.put("mdsRaw", hex(b, off, off + MDS_LENGTH));
        r.put("mdsBitOrder", mdsBitOrder.name());
        r.put("mdsPlausible", timeMs != null);
        r.put("mdsAlarm", mds.alarm());
        r.put("mdsUserTag0", mds.userTag0());
        r.fallbackTime(timeMs);
        if (timeMs != null && !mds.invalid()) {
            r.fallbackPosition(mds.latitude(), mds.longitude(), "mds");
        }
    }

    private static void require(int pos, int length, int end, String what, RecordBuilder r)
            throws PacketDecodeException {
        if (length > end - pos) {
            throw new PacketDecodeException(String.format("%s at offset %d in record %d needs %d bytes but %d remain",
                    what, pos, r.index(), length, end - pos));
        }
    }

    /**
     * The 80-bit MDS: flag (1, always 0) · seconds since 1 Jan 00:00 UTC (25) · invalid (1) · longitude (22) ·
     * latitude (21) · alarm (1) · user tag 0 (9).
     */
    record MinimalDataSet(boolean flag, int seconds, boolean invalid, double longitude, double latitude,
                          boolean alarm, int userTag0) {

        static MinimalDataSet read(byte[] b, int off, MdsBitOrder order) {
            Bits bits = new Bits(b, off, order);
            return new MinimalDataSet(bits.next(1) != 0, bits.next(25), bits.next(1) != 0,
                    360.0 * bits.next(22) / (1 << 22) - 180, 180.0 * bits.next(21) / (1 << 21) - 90,
                    bits.next(1) != 0, bits.next(9));
        }

        /** The record time in the year of {@code referenceMs}, or null if the seconds do not fit in that year. */
        Long timeMs(long referenceMs) {
            LocalDate yearStart = Instant.ofEpochMilli(referenceMs).atZone(ZoneOffset.UTC).toLocalDate()
                    .withDayOfYear(1);
            long timeMs = epochMs(yearStart) + seconds * 1000L;
            if (timeMs > referenceMs + DAY_MS) {
                yearStart = yearStart.minusYears(1);
                timeMs = epochMs(yearStart) + seconds * 1000L;
            }
            return timeMs < epochMs(yearStart.plusYears(1)) ? timeMs : null;
        }

        private static long epochMs(LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
    }

    /** Reads consecutive bit fields in the configured order. */
    private static final class Bits {
        private final byte[] b;
        private final int off;
        private final MdsBitOrder order;
        private int bit;

        Bits(byte[] b, int off, MdsBitOrder order) {
            this.b = b;
            this.off = off;
            this.order = order;
        }

        int next(int width) {
            int value = 0;
            for (int k = 0; k < width; k++, bit++) {
                int byteValue = b[off + bit / 8];
                if (order == MdsBitOrder.MSB_FIRST) {
                    value = value << 1 | (byteValue >>> (7 - bit % 8) & 1);
                } else {
                    value |= (byteValue >>> (bit % 8) & 1) << k;
                }
            }
            return value;
        }
    }
}
