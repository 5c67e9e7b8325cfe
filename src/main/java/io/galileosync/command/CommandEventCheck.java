package io.galileosync.command;

import io.galileosync.command.CommandEvent.Field;
import io.galileosync.ingest.CommandPacket;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Whether a command log entry may be kept: every entry, this node's own as well as a peer's, is checked before it
 * touches the store, so that no node keeps (and passes on) an entry its peers would refuse. Its kind's fields are
 * present and no others; the IMEI is 15 digits; numbers, texts and photos fit the protocol; times are after 2000
 * and not later than now plus the allowed clock skew.
 */
@Component
class CommandEventCheck {

    private static final Pattern IMEI = Pattern.compile("\\d{" + CommandPacket.IMEI_LENGTH + "}");
    /** 2000-01-01: nothing in the log is older (a tracker's clock before its first fix says 1970 or 2000). */
    private static final long EARLIEST = 946_684_800_000L;
    /** Tags E1 and EB have one-byte lengths; CP1251 has one byte per character. */
    private static final int MAX_REPLY_CHARS = 255;
    private static final int MAX_BINARY_BYTES = 255;
    /**
     * The largest photo any node keeps: one limit for the whole team, not a node's setting, since a photo one
     * node refused would stop its origin's entries there (galileo.ingest.max-photo-bytes, 256 KiB by default,
     * bounds what a node assembles).
     */
    static final int MAX_PHOTO_BYTES = 1 << 20;

    private final long maxSkewMs;

    CommandEventCheck(CommandProperties properties) {
        this.maxSkewMs = properties.maxClockSkew().toMillis();
    }

    /** Why the entry cannot be kept, or null when it can. */
    String problem(CommandEvent event, long now) {
        if (event.kind() == null) {
            return "no kind";
        }
        for (Field field : Field.values()) {
            boolean present = field.of(event) != null;
            if (event.kind().required.contains(field) && !present) {
                return event.kind().code() + " without " + field.name().toLowerCase(Locale.ROOT);
            }
            if (present && !event.kind().required.contains(field) && !event.kind().optional.contains(field)) {
                return event.kind().code() + " with " + field.name().toLowerCase(Locale.ROOT);
            }
        }
        if (event.imei() == null || !IMEI.matcher(event.imei()).matches()) {
            return "IMEI " + event.imei() + " is not " + CommandPacket.IMEI_LENGTH + " digits";
        }
        if (event.number() < 0 || event.number() > CommandPacket.MAX_COMMAND_NUMBER) {
            return "command number " + event.number() + " is not a u32";
        }
        if (event.at() < EARLIEST || event.at() > now + maxSkewMs) {
            return "time " + event.at() + " is before 2000 or later than now (" + now + ") plus the allowed skew of "
                    + maxSkewMs + " ms";
        }
        return switch (event.kind()) {
            case CREATED -> created(event);
            case SENT, UNANSWERED -> event.attempt() < 1 || event.attempt() > CommandProperties.MAX_SENDS_LIMIT
                    ? "attempt " + event.attempt() + " is not 1-" + CommandProperties.MAX_SENDS_LIMIT
                    : commandId(event.command());
            case EXPIRED -> commandId(event.command());
            case REPLIED -> reply(event);
            case PHOTO -> photo(event);
        };
    }

    private static String created(CommandEvent event) {
        if (event.number() == 0) {
            return "command number 0 (the number trackers answer commands from elsewhere with) is never ours";
        }
        try {
            CommandPacket.of(event.imei(), event.number(), event.text());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (event.expiresAt() <= event.at() || event.expiresAt() - event.at() > CommandProperties.MAX_EXPIRY.toMillis()) {
            return "expiry " + event.expiresAt() + " is not after its creation and within "
                    + CommandProperties.MAX_EXPIRY;
        }
        if (event.maxSends() < 1 || event.maxSends() > CommandProperties.MAX_SENDS_LIMIT) {
            return "max sends " + event.maxSends() + " is not 1-" + CommandProperties.MAX_SENDS_LIMIT;
        }
        return commandId(event.command());
    }

    private static String reply(CommandEvent event) {
        if (event.text().length() > MAX_REPLY_CHARS) {
            return "reply text of " + event.text().length() + " characters; tag E1 holds " + MAX_REPLY_CHARS;
        }
        String binary = event.binary();
        if (binary != null && (binary.length() % 2 != 0 || binary.length() > 2 * MAX_BINARY_BYTES
                || !binary.chars().allMatch(HexFormat::isHexDigit))) {
            return "reply binary is not hex of at most " + MAX_BINARY_BYTES + " bytes";
        }
        return null;
    }

    private static String photo(CommandEvent event) {
        byte[] jpeg = event.jpeg();
        if (event.number() != 0) {
            return "a photo names no command number";
        }
        if (jpeg.length < 4 || jpeg.length > MAX_PHOTO_BYTES) {
            return "photo of " + jpeg.length + " bytes; at most " + MAX_PHOTO_BYTES + " are kept";
        }
        boolean whole = (jpeg[0] & 0xFF) == 0xFF && (jpeg[1] & 0xFF) == 0xD8 && (jpeg[jpeg.length - 2] & 0xFF) == 0xFF
                && (jpeg[jpeg.length - 1] & 0xFF) == 0xD9;
        return whole ? null : "photo is not a whole JPEG (FFD8 ... FFD9)";
    }

    private static String commandId(String id) {
        try {
            if (UUID.fromString(id).toString().equals(id)) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        return "command id " + id + " is not a UUID";
    }
}
