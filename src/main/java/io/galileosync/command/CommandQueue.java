package io.galileosync.command;

import io.galileosync.command.CommandEventTable.PhotoInfo;
import io.galileosync.ingest.CommandPacket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Service;

/**
 * The command queue for people: queue a command (any node's queue: the tracker gets it from whichever node it
 * reaches), and read commands, replies and photos. A photo belongs to the latest photo command of its IMEI queued
 * before it came (the photo's chunks name no command).
 */
@Service
class CommandQueue {

    /** A command with the photos that belong to it, oldest first. */
    record CommandView(CommandState command, List<PhotoInfo> photos) {
    }

    /** A tracker's reply, with the command it answers (null when no command here has its number). */
    record ReplyView(StoredEvent reply, String commandId) {
    }

    /** Too many commands wait for the tracker already. */
    static final class QueueFullException extends RuntimeException {
        QueueFullException(String imei, int waiting) {
            super(waiting + " commands wait for " + imei + " already (galileo.commands.max-queued-per-imei):"
                    + " let them be answered or expire first");
        }
    }

    private final CommandLog commandLog;
    private final CommandTable table;
    private final CommandEventTable events;
    private final OpenCommands open;
    private final CommandProperties properties;
    private final SecureRandom random = new SecureRandom();

    CommandQueue(CommandLog commandLog, CommandTable table, CommandEventTable events, OpenCommands open,
                 CommandProperties properties) {
        this.commandLog = commandLog;
        this.table = table;
        this.events = events;
        this.open = open;
        this.properties = properties;
    }

    /** Queues the command to expire after {@code galileo.commands.expiry}. */
    CommandView create(String imei, String text) {
        return create(imei, text, properties.expiry());
    }

    /**
     * Queues the command with a fresh number (one no entry of this IMEI has had: a tracker runs a number once).
     *
     * @param expiry how long it may wait for the tracker and its reply
     * @throws IllegalArgumentException for an IMEI that is not 15 digits, a text the protocol cannot carry, or an
     *                                  expiry that is not positive or longer than {@link CommandProperties#MAX_EXPIRY}
     * @throws QueueFullException       when too many commands wait for the tracker
     */
    CommandView create(String imei, String text, Duration expiry) {
        CommandPacket.of(imei, 1, text); // the encoder's own checks, with words for the person who typed it
        if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(CommandProperties.MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("expiresIn must be positive and at most " + CommandProperties.MAX_EXPIRY
                    + ", not " + expiry);
        }
        int waiting = open.waiting(imei);
        if (waiting >= properties.maxQueuedPerImei()) {
            throw new QueueFullException(imei, waiting);
        }
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        try {
            CommandState created = commandLog.append(connection -> List.of(CommandEvent.created(id, imei,
                    freshNumber(connection, imei), now, text, now + expiry.toMillis(),
                    properties.maxSends()))).join().get(0);
            return new CommandView(created, List.of());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** An IMEI's commands, newest first. */
    List<CommandView> page(String imei, int offset, int limit) {
        return withPhotos(imei, table.page(imei, offset, limit));
    }

    long count(String imei) {
        return table.count(imei);
    }

    Optional<CommandView> byId(String id) {
        return table.byId(id).map(c -> withPhotos(c.imei(), List.of(c)).get(0));
    }

    Optional<CommandState> byNumber(long number) {
        return table.byNumber(number);
    }

    List<CommandState> newest(int limit) {
        return table.newest(limit);
    }

    /** An IMEI's replies, newest first, each with the command it answers. */
    List<ReplyView> replies(String imei, int offset, int limit) {
        List<ReplyView> replies = new ArrayList<>();
        Map<Long, String> commands = new HashMap<>();
        for (StoredEvent reply : events.replies(imei, offset, limit)) {
            String id = commands.computeIfAbsent(reply.event().number(),
                    number -> table.idOf(imei, number).orElse(null));
            replies.add(new ReplyView(reply, id));
        }
        return replies;
    }

    long replyCount(String imei) {
        return events.replyCount(imei);
    }

    Optional<byte[]> photo(String origin, long seq) {
        return events.jpeg(origin, seq);
    }

    private List<CommandView> withPhotos(String imei, List<CommandState> commands) {
        Map<String, List<PhotoInfo>> owned = new HashMap<>();
        List<CommandState> photoCommands = table.photoCommands(imei);
        for (PhotoInfo photo : events.photos(imei)) {
            CommandState owner = null;
            for (CommandState c : photoCommands) {
                if (c.createdAt() <= photo.at()) {
                    owner = c;
                }
            }
            if (owner != null) {
                owned.computeIfAbsent(owner.id(), id -> new ArrayList<>()).add(photo);
            }
        }
        return commands.stream().map(c -> new CommandView(c, owned.getOrDefault(c.id(), List.of()))).toList();
    }

    private long freshNumber(Connection connection, String imei) throws SQLException {
        long number;
        do {
            number = 1 + (random.nextLong() & 0xFFFF_FFFFL) % CommandPacket.MAX_COMMAND_NUMBER;
        } while (CommandEventTable.numberUsed(connection, imei, number));
        return number;
    }
}
