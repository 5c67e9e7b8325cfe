package io.galileosync.ingest;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The seam between trackers' live connections and the command queue: the ingest asks it for commands to send
 * and hands it what trackers answer. Provide one Spring bean; without one, {@link #NONE} sends nothing. Replies
 * are stored as records too unless the channel {@link #keepsReplies keeps them}; photo chunks are kept raw in
 * the quarantine either way.
 *
 * <p>Every method is called on the connection's event loop, which serves many trackers, so none may block:
 * answer from memory, or return a stage that completes on another thread. The connection waits for a stage at
 * most {@code galileo.ingest.command-timeout}.
 */
public interface CommandChannel {

    /** Sends nothing and keeps nothing. */
    CommandChannel NONE = new CommandChannel() {
    };

    /**
     * Asked once the ACK of a head or main packet from this tracker is due: the command to send now, if any. Its
     * bytes go out right behind the ACK, so the tracker is never sent a command while it waits for an ACK. One
     * command per ACK; ask again at the next. If the stage fails or is late, the ACK goes without a command.
     *
     * @param imei the tracker on this connection (known from its head packet)
     */
    default CompletionStage<Optional<CommandPacket>> nextCommand(String imei) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** The command's bytes were written to the tracker's socket: sent, not yet proof that it ran. */
    default void commandWritten(CommandPacket command, long writtenAt) {
    }

    /**
     * A connection of this tracker closed: a command written on it and not answered yet will get no reply there
     * (the tracker may still answer on its next connection).
     */
    default void connectionClosed(String imei) {
    }

    /**
     * Whether this channel keeps every reply it is handed, so that the ingest no longer also stores replies as
     * records (with {@code timeSource=server}) beside their command.
     */
    default boolean keepsReplies() {
        return false;
    }

    /**
     * A tracker answered a command. The reply packet is acknowledged only once the stage completes normally: a
     * tracker re-sends a reply that was not kept, so the same reply (same IMEI, number and text) may come again.
     */
    default CompletionStage<Void> replyReceived(CommandReply reply) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A tracker sent a whole photo. Its end frame is acknowledged only once the stage completes normally; when the
     * tracker then re-sends the end frame, the same photo is offered again.
     */
    default CompletionStage<Void> photoReceived(TrackerPhoto photo) {
        return CompletableFuture.completedFuture(null);
    }
}
