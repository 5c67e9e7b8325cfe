package io.galileosync.ingest;

import io.galileosync.store.RecordStore;
import io.galileosync.store.TrackRecord;
import io.galileosync.store.WriteRequest;
import io.galileosync.store.WriteRequest.DeviceSighting;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tracker connection: remembers the IMEI from its head packet, turns each frame into a
 * {@link WriteRequest}, and writes the ACK ({@code 02} + the frame's CRC bytes) only when the record writer
 * has committed it. A frame that cannot be decoded is quarantined and still ACKed, so the tracker's archive
 * keeps moving; a frame that cannot be stored gets no ACK, so the tracker re-sends it.
 */
class GalileoSessionHandler extends SimpleChannelInboundHandler<GalileoFrame> {

    private static final Logger log = LoggerFactory.getLogger(GalileoSessionHandler.class);
    private static final byte ACK = 0x02;
    private static final byte PHOTO_ACK = 0x07;

    private final GalileoPacketDecoder decoder;
    private final RecordStore store;
    private final IngestMetrics metrics;
    private final boolean iridiumCompressed;
    private String imei;
    private String remoteAddress;

    GalileoSessionHandler(GalileoPacketDecoder decoder, RecordStore store, IngestMetrics metrics,
                          boolean iridiumCompressed) {
        this.decoder = decoder;
        this.store = store;
        this.metrics = metrics;
        this.iridiumCompressed = iridiumCompressed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        remoteAddress = describe(ctx.channel().remoteAddress());
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, GalileoFrame frame) {
        long receivedNanos = System.nanoTime();
        long receivedAt = System.currentTimeMillis();
        if (frame.iridium()) {
            metrics.packet("iridium");
            store(ctx, decodeIridium(frame, receivedAt), null, receivedNanos);
            return;
        }
        switch (frame.header()) {
            case GalileoFrame.HEAD_MAIN, GalileoFrame.COMPRESSED -> {
                metrics.packet(frame.header() == GalileoFrame.COMPRESSED ? "compressed" : "main");
                store(ctx, decodeMain(frame, receivedAt), ack(ACK, frame), receivedNanos);
            }
            case GalileoFrame.PHOTO, GalileoFrame.PHOTO_LEGACY -> {
                metrics.packet("photo");
                byte ackHeader = frame.header() == GalileoFrame.PHOTO ? PHOTO_ACK : ACK;
                store(ctx, keepRaw(frame, "photo chunk (kept raw, not decoded)", receivedAt), ack(ackHeader, frame),
                        receivedNanos);
            }
            default -> { // Garmin FMI pass-through: kept, never acknowledged (the protocol has no ACK for it)
                metrics.packet("garmin");
                store(ctx, keepRaw(frame, "Garmin FMI pass-through (kept raw)", receivedAt), null, receivedNanos);
            }
        }
    }

    private WriteRequest decodeMain(GalileoFrame frame, long receivedAt) {
        try {
            return toRequest(decoder.decode(frame.header(), frame.payload()), receivedAt);
        } catch (PacketDecodeException e) {
            return quarantine(frame, e.getMessage(), receivedAt);
        }
    }

    private WriteRequest decodeIridium(GalileoFrame frame, long receivedAt) {
        try {
            return toRequest(decoder.decodeIridium(frame.bytes(), iridiumCompressed), receivedAt);
        } catch (PacketDecodeException e) {
            return quarantine(frame, e.getMessage(), receivedAt);
        }
    }

    private WriteRequest toRequest(DecodedPacket packet, long receivedAt)
            throws PacketDecodeException {
        List<TrackRecord> records = PacketRecords.of(packet, imei, receivedAt);
        DeviceHead head = packet.head();
        if (head != null && head.imei() != null) {
            imei = head.imei();
        }
        DeviceSighting sighting = imei == null ? null : new DeviceSighting(imei,
                head == null ? null : head.hardwareVersion(), head == null ? null : head.firmwareVersion(),
                head == null ? null : head.deviceNumber(), remoteAddress);
        return new WriteRequest(records, sighting, receivedAt);
    }

    private WriteRequest quarantine(GalileoFrame frame, String reason, long receivedAt) {
        metrics.decodeError();
        log.warn("{} ({}): packet quarantined: {}", remoteAddress, imei, reason);
        return keepRaw(frame, reason, receivedAt);
    }

    private WriteRequest keepRaw(GalileoFrame frame, String reason, long receivedAt) {
        metrics.quarantined();
        DeviceSighting sighting = imei == null ? null : new DeviceSighting(imei, null, null, null, remoteAddress);
        return new WriteRequest(List.of(), sighting, receivedAt, QuarantineLog.keep(
                new QuarantineLog.Entry(imei, remoteAddress, frame.header(), reason, frame.hex(), receivedAt)));
    }

    /**
     * Hands the request to the group commit. Reading pauses until it is committed: a tracker waits for each
     * ACK anyway, and this bounds what one connection can queue.
     */
    private void store(ChannelHandlerContext ctx, WriteRequest request, byte[] ack, long receivedNanos) {
        ctx.channel().config().setAutoRead(false);
        store.submit(request).whenComplete((result, failure) -> {
            ctx.channel().config().setAutoRead(true);
            if (failure != null) {
                metrics.unacknowledged();
                log.warn("{} ({}): packet not stored, no ACK sent: {}", remoteAddress, imei, failure.toString());
                return;
            }
            metrics.records(result.inserted());
            if (ack != null) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(ack));
                metrics.acked(receivedNanos);
            }
        });
    }

    private static byte[] ack(byte header, GalileoFrame frame) {
        byte[] crc = frame.crcBytes();
        return new byte[] {header, crc[0], crc[1]};
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            metrics.closedBy("idle");
            log.info("{} ({}): idle, closing", remoteAddress, imei);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        boolean garbage = cause instanceof DecoderException;
        metrics.closedBy(garbage ? "garbage" : "error");
        log.warn("{} ({}): closing connection: {}", remoteAddress, imei,
                garbage && cause.getCause() == null ? cause.getMessage() : cause.toString());
        ctx.close();
    }

    private static String describe(SocketAddress address) {
        return address instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : String.valueOf(address);
    }
}
