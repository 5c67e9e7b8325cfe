package io.galileosync.ingest;

import io.galileosync.ingest.IngestLog.Repeated;
import io.galileosync.store.TrackRecord;
import io.galileosync.store.StoreWork;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One tracker connection: remembers the IMEI from its head packet, turns each frame into a
 * {@link WriteRequest}, and writes the ACK ({@code 02} + the frame's CRC bytes) only when the record writer
 * has committed it. A frame that cannot be decoded is quarantined and still ACKed, so the tracker's archive
 * keeps moving; a frame that cannot be stored gets no ACK, so the tracker re-sends it. Command replies and
 * photos go to the {@link CommandExchange} before the ACK, and a command for the tracker goes right behind the
 * ACK of a head or main packet. Records dated beyond the allowed clock skew are not stored; their packet is
 * quarantined. The first frame that names the tracker proves the connection to the {@link ConnectionGate}.
 * Longer than most: it is the one place where a connection's order of events (head, packets, commands between
 * ACKs, quarantine) is decided; the decoding, storing and command protocol it calls live elsewhere.
 */
class GalileoSessionHandler extends SimpleChannelInboundHandler<GalileoFrame> {

    private static final byte ACK = 0x02;
    private static final byte PHOTO_ACK = 0x07;
    /** How long the line must stay quiet after an ACK before a command goes out. */
    private static final long COMMAND_QUIET_MS = 50;
    private static final CompletableFuture<Void> NOTHING_MORE = CompletableFuture.completedFuture(null);
    private static final CompletableFuture<Optional<CommandPacket>> NO_COMMAND =
            CompletableFuture.completedFuture(Optional.empty());

    private final SessionServices services;
    private final IngestMetrics metrics;
    private final IngestLog log;
    private final CommandExchange commands;
    private String imei;
    private String remoteAddress;
    /** The client address without the port: what repeated log lines are throttled by. */
    private String source;
    /** Frames read and not yet answered; a tracker waits for each ACK, so normally at most one. */
    private int unanswered;
    /** Frames read on this connection so far. */
    private long framesRead;
    /** Completes once the latest frame read is answered (ACKed or given up). */
    private CompletableFuture<Void> answered = NOTHING_MORE;

    GalileoSessionHandler(SessionServices services, CommandExchange commands) {
        this.services = services;
        this.metrics = services.metrics();
        this.log = services.log();
        this.commands = commands;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SocketAddress address = ctx.channel().remoteAddress();
        remoteAddress = describe(address);
        source = IngestLog.sourceOf(address);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, GalileoFrame frame) {
        framesRead++;
        long receivedNanos = System.nanoTime();
        long receivedAt = System.currentTimeMillis();
        if (frame.iridium()) {
            metrics.packet("iridium");
            Inbound inbound = decodeIridium(frame, receivedAt);
            store(ctx, inbound.request(), () -> commands.replies(inbound.replies(), who()), null, false, receivedNanos);
            return;
        }
        switch (frame.header()) {
            case GalileoFrame.HEAD_MAIN, GalileoFrame.COMPRESSED -> {
                metrics.packet(frame.header() == GalileoFrame.COMPRESSED ? "compressed" : "main");
                Inbound inbound = decodeMain(frame, receivedAt);
                store(ctx, inbound.request(), () -> commands.replies(inbound.replies(), who()), ack(ACK, frame), true,
                        receivedNanos);
            }
            case GalileoFrame.PHOTO, GalileoFrame.PHOTO_LEGACY -> {
                metrics.packet("photo");
                byte ackHeader = frame.header() == GalileoFrame.PHOTO ? PHOTO_ACK : ACK;
                store(ctx, rawFrame(frame, "photo chunk (kept raw, not decoded)", receivedAt),
                        () -> commands.photoChunk(frame, imei, receivedAt, who()), ack(ackHeader, frame), false,
                        receivedNanos);
            }
            default -> { // Garmin FMI pass-through: kept, never acknowledged (the protocol has no ACK for it)
                metrics.packet("garmin");
                store(ctx, rawFrame(frame, "Garmin FMI pass-through (kept raw)", receivedAt), () -> NOTHING_MORE,
                        null, false, receivedNanos);
            }
        }
    }

    /** What one frame brings: what to store, and the command replies among it. */
    private record Inbound(WriteRequest request, List<CommandReply> replies) {
    }

    private Inbound decodeMain(GalileoFrame frame, long receivedAt) {
        try {
            return inbound(frame, services.decoder().decode(frame.header(), frame.payload()), receivedAt);
        } catch (PacketDecodeException e) {
            return new Inbound(quarantine(frame, e.getMessage(), receivedAt), List.of());
        }
    }

    private Inbound decodeIridium(GalileoFrame frame, long receivedAt) {
        try {
            return inbound(frame, services.decoder().decodeIridium(frame.bytes(), services.iridiumCompressed()),
                    receivedAt);
        } catch (PacketDecodeException e) {
            return new Inbound(quarantine(frame, e.getMessage(), receivedAt), List.of());
        }
    }

    /**
     * Replies go to the command channel; they are stored as records as well unless the channel keeps them (with
     * NONE, the records are what keeps them).
     */
    private Inbound inbound(GalileoFrame frame, DecodedPacket packet, long receivedAt) throws PacketDecodeException {
        List<CommandReply> replies = CommandReplies.of(packet, imei, receivedAt);
        WriteRequest request = toRequest(frame, replies.isEmpty() || !commands.keepsReplies() ? packet
                : CommandReplies.withoutReplies(packet), receivedAt);
        return new Inbound(request, replies);
    }

    private WriteRequest toRequest(GalileoFrame frame, DecodedPacket packet, long receivedAt)
            throws PacketDecodeException {
        List<TrackRecord> records = PacketRecords.of(packet, imei, receivedAt);
        DeviceHead head = packet.head();
        if (head != null && head.imei() != null) {
            imei = head.imei();
        }
        DeviceSighting sighting = imei == null ? null : new DeviceSighting(imei,
                head == null ? null : head.hardwareVersion(), head == null ? null : head.firmwareVersion(),
                head == null ? null : head.deviceNumber(), remoteAddress);
        StorableRule.Split split = services.storable().split(records, receivedAt);
        if (split.refused().isEmpty()) {
            return new WriteRequest(records, sighting, receivedAt);
        }
        metrics.unstorableRecords(split.refused().size());
        return new WriteRequest(split.kept(), sighting, receivedAt,
                quarantined(frame, services.storable().reason(split), receivedAt));
    }

    private WriteRequest quarantine(GalileoFrame frame, String reason, long receivedAt) {
        metrics.decodeError();
        return withoutRecords(quarantined(frame, reason, receivedAt), receivedAt);
    }

    /** Keeps the frame raw in the quarantine, with the reason. */
    private StoreWork quarantined(GalileoFrame frame, String reason, long receivedAt) {
        log.log(Repeated.QUARANTINED, source, "{}: packet quarantined: {}", who(), reason);
        return keepRaw(frame, reason, receivedAt);
    }

    private StoreWork keepRaw(GalileoFrame frame, String reason, long receivedAt) {
        metrics.quarantined();
        return services.quarantine().keep(
                new QuarantineLog.Entry(imei, remoteAddress, frame.header(), reason, frame.hex(), receivedAt));
    }

    /** A frame kept raw as it is, not for a fault of its own (photo chunks, Garmin pass-through). */
    private WriteRequest rawFrame(GalileoFrame frame, String reason, long receivedAt) {
        return withoutRecords(keepRaw(frame, reason, receivedAt), receivedAt);
    }

    /** Only the work, and that the connection's tracker (if known) was seen. */
    private WriteRequest withoutRecords(StoreWork work, long receivedAt) {
        DeviceSighting sighting = imei == null ? null : new DeviceSighting(imei, null, null, null, remoteAddress);
        return new WriteRequest(List.of(), sighting, receivedAt, work);
    }

    /**
     * Hands the request to the group commit, then what comes after the commit (replies or a photo to the command
     * channel), then, where {@code commandMayFollow} and no other frame of this connection waits for its answer,
     * asks for a command. Only when all that went well is the ACK written, and the command after it once the
     * line has stayed quiet for a moment.
     * Answers go out in the order the frames came, even when the channel answers out of order. Reading pauses
     * meanwhile: a tracker waits for each ACK anyway, and this bounds what one connection can queue. The steps
     * run on the connection's event loop.
     */
    private void store(ChannelHandlerContext ctx, WriteRequest request, Supplier<CompletionStage<Void>> afterCommit,
                       byte[] ack, boolean commandMayFollow, long receivedNanos) {
        if (request.sighting() != null || !request.records().isEmpty()) {
            services.gate().proven(ctx.channel());
        }
        ctx.channel().config().setAutoRead(false);
        unanswered++;
        CompletableFuture<Optional<CommandPacket>> outcome = services.store().submit(request)
                .thenComposeAsync(result -> {
                    metrics.records(result.inserted());
                    services.conflicts().report(result, source, who());
                    return afterCommit.get();
                }, ctx.executor())
                // frames sent without waiting for their ACKs: a command now would land in the middle of them
                .thenComposeAsync(kept -> commandMayFollow && unanswered == 1 ? commands.nextCommand(imei, who())
                        : NO_COMMAND, ctx.executor());
        answered = answered
                .thenCompose(previous -> outcome.handleAsync((command, failure) -> {
                    answer(ctx, ack, command, failure, receivedNanos);
                    return (Void) null;
                }, ctx.executor()))
                .exceptionally(e -> {
                    log.log(Repeated.NOT_KEPT, source, "{}: could not answer a frame: {}", who(), e.toString());
                    return null;
                });
    }

    private void answer(ChannelHandlerContext ctx, byte[] ack, Optional<CommandPacket> command, Throwable failure,
                        long receivedNanos) {
        if (--unanswered == 0) {
            ctx.channel().config().setAutoRead(true);
        }
        if (failure != null) {
            metrics.unacknowledged();
            log.log(Repeated.NOT_KEPT, source, "{}: packet not kept, no ACK sent: {}", who(),
                    (failure instanceof CompletionException ? failure.getCause() : failure).toString());
            return;
        }
        if (ack != null) {
            ctx.write(Unpooled.wrappedBuffer(ack));
            metrics.acked(receivedNanos);
        }
        ctx.flush();
        command.ifPresent(c -> {
            // Only into a quiet line: a tracker that sends on at once (the rest of its archive, a burst that
            // came in two reads) is in the middle of an exchange, and the command waits for a later ACK.
            long seen = framesRead;
            ctx.executor().schedule(() -> {
                if (framesRead == seen && unanswered == 0 && ctx.channel().isActive()) {
                    commands.write(ctx, c, who());
                    ctx.flush();
                }
            }, COMMAND_QUIET_MS, TimeUnit.MILLISECONDS);
        });
    }

    private static byte[] ack(byte header, GalileoFrame frame) {
        byte[] crc = frame.crcBytes();
        return new byte[] {header, crc[0], crc[1]};
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        commands.closed(imei, who());
        super.channelInactive(ctx);
    }

    private String who() {
        return remoteAddress + " (" + imei + ")";
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            metrics.closedBy("idle");
            log.log(Repeated.IDLE, source, "{}: idle, closing", who());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        boolean garbage = cause instanceof DecoderException;
        metrics.closedBy(garbage ? "garbage" : "error");
        log.log(Repeated.CLOSED, source, "{}: closing connection: {}", who(),
                garbage && cause.getCause() == null ? cause.getMessage() : cause.toString());
        ctx.close();
    }

    private static String describe(SocketAddress address) {
        return address instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : String.valueOf(address);
    }
}
