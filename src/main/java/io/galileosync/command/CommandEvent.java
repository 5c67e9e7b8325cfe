package io.galileosync.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One entry of the command log: something that happened to a command, or a reply or photo from a tracker. Which
 * fields an entry has depends on its {@link Kind} (a table, checked by {@link CommandEventCheck}); the others are
 * null. On the wire it is this record as JSON ({@code jpeg} in base64), null fields left out.
 *
 * @param kind      what happened
 * @param command   the command's id (a UUID made where it was queued); null for replies and photos
 * @param imei      the tracker
 * @param number    the command number (tag E0): a reply names its command by it; 0 for photos
 * @param at        when it happened, epoch ms, on the clock of the node that wrote it
 * @param attempt   sent, unanswered: which send of the command (1 for the first)
 * @param text      created: the command text; replied: the reply text (tag E1)
 * @param binary    replied: tag EB as hex, or null
 * @param expiresAt created: when the command expires unanswered
 * @param maxSends  created: how often it may be sent at most
 * @param jpeg      photo: the whole JPEG
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CommandEvent(Kind kind, String command, String imei, long number, long at, Integer attempt, String text,
                    String binary, Long expiresAt, Integer maxSends, byte[] jpeg) {

    /** The fields that depend on the kind. */
    enum Field {
        COMMAND(CommandEvent::command),
        ATTEMPT(CommandEvent::attempt),
        TEXT(CommandEvent::text),
        BINARY(CommandEvent::binary),
        EXPIRES_AT(CommandEvent::expiresAt),
        MAX_SENDS(CommandEvent::maxSends),
        JPEG(CommandEvent::jpeg);

        private final Function<CommandEvent, Object> value;

        Field(Function<CommandEvent, Object> value) {
            this.value = value;
        }

        Object of(CommandEvent event) {
            return value.apply(event);
        }
    }

    /** What happened, and the fields that say so (required; optional), all others absent. */
    enum Kind {
        /** A person queued the command (on the node that is the entry's origin). */
        @JsonProperty("created") CREATED(EnumSet.of(Field.COMMAND, Field.TEXT, Field.EXPIRES_AT, Field.MAX_SENDS)),
        /** The origin node wrote the command to the tracker's connection. */
        @JsonProperty("sent") SENT(EnumSet.of(Field.COMMAND, Field.ATTEMPT)),
        /** The connection the origin node sent it on closed before a reply. */
        @JsonProperty("unanswered") UNANSWERED(EnumSet.of(Field.COMMAND, Field.ATTEMPT)),
        /** The origin node saw the command's time run out. */
        @JsonProperty("expired") EXPIRED(EnumSet.of(Field.COMMAND)),
        /** A tracker answered the command with this number (whoever sent it). */
        @JsonProperty("replied") REPLIED(EnumSet.of(Field.TEXT), EnumSet.of(Field.BINARY)),
        /** A tracker sent a whole photo. */
        @JsonProperty("photo") PHOTO(EnumSet.of(Field.JPEG));

        final Set<Field> required;
        final Set<Field> optional;

        Kind(Set<Field> required) {
            this(required, EnumSet.noneOf(Field.class));
        }

        Kind(Set<Field> required, Set<Field> optional) {
            this.required = Set.copyOf(required);
            this.optional = Set.copyOf(optional);
        }

        /** The kind's name in the database, as on the wire. */
        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    static CommandEvent created(String command, String imei, long number, long at, String text, long expiresAt,
                                int maxSends) {
        return new CommandEvent(Kind.CREATED, command, imei, number, at, null, text, null, expiresAt, maxSends, null);
    }

    static CommandEvent sent(CommandState command, long at, int attempt) {
        return new CommandEvent(Kind.SENT, command.id(), command.imei(), command.number(), at, attempt, null, null,
                null, null, null);
    }

    static CommandEvent unanswered(CommandState command, long at, int attempt) {
        return new CommandEvent(Kind.UNANSWERED, command.id(), command.imei(), command.number(), at, attempt, null,
                null, null, null, null);
    }

    static CommandEvent expired(CommandState command, long at) {
        return new CommandEvent(Kind.EXPIRED, command.id(), command.imei(), command.number(), at, null, null, null,
                null, null, null);
    }

    static CommandEvent replied(String imei, long number, long at, String text, String binary) {
        return new CommandEvent(Kind.REPLIED, null, imei, number, at, null, text, binary, null, null, null);
    }

    static CommandEvent photo(String imei, long at, byte[] jpeg) {
        return new CommandEvent(Kind.PHOTO, null, imei, 0, at, null, null, null, null, null, jpeg.clone());
    }

    // a record compares arrays by identity; an entry is a value, so compare the bytes

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandEvent e && kind == e.kind && Objects.equals(command, e.command)
                && Objects.equals(imei, e.imei) && number == e.number && at == e.at
                && Objects.equals(attempt, e.attempt) && Objects.equals(text, e.text)
                && Objects.equals(binary, e.binary) && Objects.equals(expiresAt, e.expiresAt)
                && Objects.equals(maxSends, e.maxSends) && Arrays.equals(jpeg, e.jpeg);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, command, imei, number, at, attempt, text, binary, expiresAt, maxSends,
                Arrays.hashCode(jpeg));
    }

    @Override
    public String toString() {
        return "CommandEvent[" + kind + " " + command + " " + imei + " #" + number + " at " + at
                + (attempt == null ? "" : " attempt " + attempt) + (text == null ? "" : " \"" + text + "\"")
                + (jpeg == null ? "" : " " + jpeg.length + " bytes") + "]";
    }
}
