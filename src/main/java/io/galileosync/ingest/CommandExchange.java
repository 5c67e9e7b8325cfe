package io.galileosync.ingest;

import io.galileosync.ingest.PhotoAssembler.Complete;
import io.galileosync.ingest.PhotoAssembler.Failed;
import io.galileosync.ingest.PhotoAssembler.Progress;
import io.galileosync.ingest.PhotoAssembler.Skipped;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command side of one tracker connection: hands its replies and photos to the {@link CommandChannel}, asks
 * it for the next command, and writes that command behind an ACK. Every wait on the channel is bounded by the
 * timeout. Used by the session on its event loop only.
 */
final class CommandExchange {

    private static final Logger log = LoggerFactory.getLogger(CommandExchange.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final CommandChannel channel;
    private final Duration timeout;
    private final IngestMetrics metrics;
    private final PhotoAssembler photos;
    private final IngestLog repeated;
    /** The client address, what repeated lines are throttled by. */
    private final String source;
    /** A photo whose hand-off failed: its end frame got no ACK, and the tracker's re-sent end frame offers it again. */
    private TrackerPhoto undelivered;

    CommandExchange(CommandChannel channel, Duration timeout, int maxPhotoBytes, IngestMetrics metrics,
                    IngestLog repeated, String source) {
        this.channel = channel;
        this.timeout = timeout;
        this.metrics = metrics;
        this.photos = new PhotoAssembler(maxPhotoBytes);
        this.repeated = repeated;
        this.source = source;
    }

    /** Completes when the channel has kept every reply; fails (so the packet gets no ACK) when it has not. */
    CompletionStage<Void> replies(List<CommandReply> replies, String who) {
        if (replies.isEmpty()) {
            return DONE;
        }
        CompletableFuture<?>[] handed = replies.stream()
                .map(reply -> bounded(() -> channel.replyReceived(reply)).whenComplete((kept, failure) -> {
                    if (failure != null) {
                        log.warn("{}: the command channel did not keep the reply to command {}: {}", who,
                                reply.commandNumber(), describe(failure));
                    }
                }))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(handed).thenRun(() -> metrics.commands("replied", replies.size()));
    }

    /**
     * Adds a stored photo chunk; when it completes a photo, completes once the channel has the photo (and fails
     * when it does not take it).
     *
     * @param imei the connection's tracker, or null before a head packet
     * @param who  the connection, for the log
     */
    CompletionStage<Void> photoChunk(GalileoFrame frame, String imei, long receivedAt, String who) {
        PhotoChunk chunk = PhotoChunk.of(frame);
        if (chunk.isEnd() && undelivered != null && !photos.inProgress()) {
            return deliver(undelivered, who);
        }
        Progress progress = photos.add(chunk);
        if (progress instanceof Complete complete) {
            if (imei != null) {
                return deliver(new TrackerPhoto(imei, complete.jpeg(), receivedAt), who);
            }
            photoFailed(who, complete.parts() + "-part photo from a tracker that sent no head packet: nobody to"
                    + " give it to");
        } else if (progress instanceof Failed failed) {
            photoFailed(who, failed.reason());
        } else if (progress instanceof Skipped skipped) {
            log.debug("{}: {}", who, skipped.reason());
        }
        return DONE;
    }

    /**
     * The command to write behind this ACK, if the channel has one for this tracker in time. Never fails: a
     * failing or late channel means no command now.
     */
    CompletionStage<Optional<CommandPacket>> nextCommand(String imei, String who) {
        if (imei == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return bounded(() -> channel.nextCommand(imei))
                .handle((command, failure) -> {
                    if (failure != null) {
                        log.warn("{}: no command sent, the command channel did not answer: {}", who, describe(failure));
                        return Optional.<CommandPacket>empty();
                    }
                    if (command != null && command.isPresent() && !command.get().imei().equals(imei)) {
                        log.warn("{}: the command channel gave command {} for {} to this tracker; not sent", who,
                                command.get().commandNumber(), command.get().imei());
                        return Optional.<CommandPacket>empty();
                    }
                    return command == null ? Optional.<CommandPacket>empty() : command;
                });
    }

    /** Writes the command (the caller flushes it together with the ACK in front of it). */
    void write(ChannelHandlerContext ctx, CommandPacket command, String who) {
        ctx.write(Unpooled.wrappedBuffer(command.encode())).addListener(written -> {
            if (!written.isSuccess()) {
                log.warn("{}: command {} not sent: {}", who, command.commandNumber(), written.cause().toString());
                return;
            }
            metrics.commands("sent", 1);
            log.info("{}: sent command {} \"{}\"", who, command.commandNumber(), command.text());
            try {
                channel.commandWritten(command, System.currentTimeMillis());
            } catch (RuntimeException e) {
                log.warn("{}: the command channel failed on command {} written: {}", who, command.commandNumber(),
                        e.toString());
            }
        });
    }

    /** The channel keeps replies itself: they are no records then. */
    boolean keepsReplies() {
        return channel.keepsReplies();
    }

    /**
     * The connection closed: the channel hears of it (when the tracker was known); a photo still being sent is
     * lost here (its chunks are kept raw in the quarantine).
     *
     * @param imei the connection's tracker, or null before a head packet
     */
    void closed(String imei, String who) {
        if (photos.inProgress()) {
            photoFailed(who, "the connection closed in the middle of a photo");
        }
        if (imei != null) {
            try {
                channel.connectionClosed(imei);
            } catch (RuntimeException e) {
                log.warn("{}: the command channel failed on the connection's close: {}", who, e.toString());
            }
        }
    }

    private CompletionStage<Void> deliver(TrackerPhoto photo, String who) {
        undelivered = photo;
        return bounded(() -> channel.photoReceived(photo)).whenComplete((taken, failure) -> {
            if (failure != null) {
                log.warn("{}: the command channel did not take a {}-byte photo (the end frame gets no ACK; its"
                        + " re-sent end frame offers the photo again): {}", who, photo.jpeg().length,
                        describe(failure));
            }
        }).thenRun(() -> {
            undelivered = null;
            metrics.commands("photo", 1);
        });
    }

    private void photoFailed(String who, String reason) {
        metrics.commands("photo-failed", 1);
        repeated.log(IngestLog.Repeated.PHOTO_FAILED, source, "{}: photo given up: {} (its chunks are kept raw in the"
                + " quarantine)", who, reason);
    }

    private String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms" : cause.toString();
    }

    /** The channel's stage, failed if the channel throws and if it takes longer than the timeout. */
    private <T> CompletableFuture<T> bounded(Supplier<CompletionStage<T>> call) {
        try {
            // a copy, so that timing out here never completes the channel's own future
            return call.get().toCompletableFuture().copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
