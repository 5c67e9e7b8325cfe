package io.galileosync.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.net.SocketAddress;
import java.util.List;

/**
 * Cuts the TCP byte stream into Galileosky frames: {@code header(1) · length(2, LE, bit 15 = archive) ·
 * payload · CRC-16/MODBUS(2, LE)}, waiting for frames split across reads and emitting several from one read.
 * A frame with a wrong CRC is dropped without an ACK, so the tracker re-sends it. Bytes that cannot start a
 * frame (unknown header, a length beyond the limit) throw {@link CorruptedFrameException}: the stream has lost
 * its framing and the connection is closed by the session handler; the bytes after them are dropped, so that
 * one bad stream is one error. Bad CRCs are counted one by one but logged once a while per client address.
 */
public class GalileoFrameDecoder extends ByteToMessageDecoder {

    private final int maxPayloadLength;
    private final IngestMetrics metrics;
    private final IngestLog log;

    GalileoFrameDecoder(int maxPayloadLength, IngestMetrics metrics, IngestLog log) {
        this.maxPayloadLength = maxPayloadLength;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 3) {
            int start = in.readerIndex();
            int header = in.getUnsignedByte(start);
            if (isIridium(in, start, header)) {
                int frameLength = 3 + in.getUnsignedShort(start + 1);
                if (in.readableBytes() < frameLength) {
                    return;
                }
                out.add(new GalileoFrame(header, false, true, readBytes(in, frameLength)));
                continue;
            }
            if (!knownHeader(header)) {
                in.skipBytes(in.readableBytes());
                throw new CorruptedFrameException(String.format("unknown frame header 0x%02X", header));
            }
            int lengthWord = in.getUnsignedShortLE(start + 1);
            int payloadLength = lengthWord & 0x7FFF;
            if (header == GalileoFrame.HEAD_MAIN && in.readableBytes() < GalileoFrame.IRIDIUM_MARK_LENGTH
                    && (in.readableBytes() < 5 + payloadLength || mayBecomeIridium(in, start))) {
                return; // too short to tell an Iridium frame from a main packet yet
            }
            if (payloadLength > maxPayloadLength) {
                in.skipBytes(in.readableBytes());
                throw new CorruptedFrameException("frame length " + payloadLength + " exceeds the limit of "
                        + maxPayloadLength);
            }
            int frameLength = 5 + payloadLength;
            if (in.readableBytes() < frameLength) {
                return;
            }
            int sent = in.getUnsignedShortLE(start + frameLength - 2);
            int computed = Crc16.modbus(in, start, frameLength - 2);
            if (sent != computed) {
                in.skipBytes(frameLength);
                metrics.crcError();
                SocketAddress from = ctx.channel().remoteAddress();
                log.log(IngestLog.Repeated.BAD_CRC, IngestLog.sourceOf(from),
                        "{}: dropped a {}-byte frame with a bad CRC (sent {}, computed {}); no ACK, the tracker will"
                                + " re-send", from, frameLength, Integer.toHexString(sent), Integer.toHexString(computed));
                continue;
            }
            boolean archive = (lengthWord & 0x8000) != 0
                    && (header == GalileoFrame.HEAD_MAIN || header == GalileoFrame.COMPRESSED);
            out.add(new GalileoFrame(header, archive, false, readBytes(in, frameLength)));
        }
    }

    private static boolean knownHeader(int header) {
        return header == GalileoFrame.HEAD_MAIN || header == GalileoFrame.COMPRESSED
                || header == GalileoFrame.PHOTO || header == GalileoFrame.PHOTO_LEGACY || header == GalileoFrame.GARMIN;
    }

    private static boolean isIridium(ByteBuf in, int start, int header) {
        return in.readableBytes() >= GalileoFrame.IRIDIUM_MARK_LENGTH && GalileoFrame.isIridium(header,
                in.getUnsignedShort(start + 1), in.getUnsignedByte(start + 3), in.getUnsignedShort(start + 4));
    }

    /**
     * Five bytes can be a whole empty main packet and also the start of an Iridium frame ({@code 01 00 80 01 00}):
     * the sixth byte, the low byte of IE01's length, decides, so that a frame never depends on where TCP cut.
     */
    private static boolean mayBecomeIridium(ByteBuf in, int start) {
        int ieLengthIfIridium = in.getUnsignedByte(start + 4) << 8 | GalileoFrame.IRIDIUM_HEADER_IE_LENGTH;
        return GalileoFrame.isIridium(GalileoFrame.HEAD_MAIN, in.getUnsignedShort(start + 1),
                in.getUnsignedByte(start + 3), ieLengthIfIridium);
    }

    private static byte[] readBytes(ByteBuf in, int length) {
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }
}
