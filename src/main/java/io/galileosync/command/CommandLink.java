package io.galileosync.command;

import io.galileosync.command.OpenCommands.Send;
import io.galileosync.ingest.CommandChannel;
import io.galileosync.ingest.CommandPacket;
import io.galileosync.ingest.CommandReply;
import io.galileosync.ingest.TrackerPhoto;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The command queue's side of the trackers' connections (called on their event loops, so never waiting): the
 * next command from the open commands in memory, and what trackers answer as entries of the command log, each
 * written off the event loop; a reply or photo is acknowledged once its entry is committed. Replies are the
 * queue's, so the ingest no longer stores them as records.
 */
@Component
class CommandLink implements CommandChannel {

    private static final Logger log = LoggerFactory.getLogger(CommandLink.class);

    private final OpenCommands open;
    private final CommandLog commandLog;
    private final Counter refused;

    CommandLink(OpenCommands open, CommandLog commandLog, MeterRegistry meters) {
        this.open = open;
        this.commandLog = commandLog;
        this.refused = meters.counter("galileo.commands.refused", "from", "tracker");
    }

    @Override
    public CompletionStage<Optional<CommandPacket>> nextCommand(String imei) {
        return CompletableFuture.completedFuture(open.next(imei, System.currentTimeMillis())
                .map(send -> CommandPacket.of(imei, send.command().number(), send.command().text())));
    }

    @Override
    public void commandWritten(CommandPacket command, long writtenAt) {
        Optional<Send> send = open.written(command.imei(), command.commandNumber(), writtenAt);
        if (send.isEmpty()) {
            log.info("command {} to {} was written as it closed (answered or expired meanwhile)",
                    command.commandNumber(), command.imei());
            return;
        }
        keep(List.of(CommandEvent.sent(send.get().command(), writtenAt, send.get().attempt())), "its send");
    }

    @Override
    public void connectionClosed(String imei) {
        long now = System.currentTimeMillis();
        List<CommandEvent> unanswered = open.closed(imei).stream()
                .map(send -> CommandEvent.unanswered(send.command(), now, send.attempt())).toList();
        if (!unanswered.isEmpty()) {
            keep(unanswered, "that the connection closed before a reply");
        }
    }

    @Override
    public CompletionStage<Void> replyReceived(CommandReply reply) {
        open.replied(reply.imei(), reply.commandNumber());
        byte[] binary = reply.binary();
        return kept(CommandEvent.replied(reply.imei(), reply.commandNumber(), reply.receivedAt(), reply.text(),
                binary == null ? null : HexFormat.of().formatHex(binary)));
    }

    @Override
    public CompletionStage<Void> photoReceived(TrackerPhoto photo) {
        return kept(CommandEvent.photo(photo.imei(), photo.receivedAt(), photo.jpeg()));
    }

    @Override
    public boolean keepsReplies() {
        return true;
    }

    /**
     * Completes once the entry is committed, and fails (so the tracker's packet gets no ACK and comes again) when
     * it could not be. An entry no node could keep (say, from a tracker whose IMEI is not 15 digits) is refused,
     * logged and counted, and the packet acknowledged: sending it again would not make it valid.
     */
    private CompletionStage<Void> kept(CommandEvent event) {
        return commandLog.append(List.of(event)).handle((states, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof IllegalArgumentException invalid) {
                refused.increment();
                log.warn("refused {} from a tracker: {}", event, invalid.getMessage());
            } else if (cause != null) {
                throw new CompletionException(cause);
            }
            return null;
        });
    }

    private void keep(List<CommandEvent> events, String what) {
        commandLog.append(events).whenComplete((states, failure) -> {
            if (failure != null) {
                log.warn("could not keep {} for {}: {}", what, events, failure.toString());
            }
        });
    }
}
