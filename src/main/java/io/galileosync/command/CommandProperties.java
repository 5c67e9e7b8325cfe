package io.galileosync.command;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The command queue's settings ({@code galileo.commands.*}). Expiry and the number of sends are fixed per command
 * when it is queued (they travel with it), so every node folds it the same way.
 *
 * @param expiry          a command not answered this long after it was queued expires (is no longer sent)
 * @param maxSends        a command is sent at most this often (again, with the same number, when the connection
 *                        closed before a reply); unanswered after the last, it has failed
 * @param replyTimeout    a send by another node that has had no reply and no word of its connection closing for
 *                        this long no longer holds the command back: the tracker may have left that node
 * @param maxQueuedPerImei most commands waiting for one tracker at a time (more are refused, 409)
 * @param expiryCheck     how often commands past their expiry are marked expired
 * @param maxClockSkew    an entry from a peer dated later than now plus this is refused (until it is not)
 */
@ConfigurationProperties("galileo.commands")
public record CommandProperties(
        @DefaultValue("24h") Duration expiry,
        @DefaultValue("3") int maxSends,
        @DefaultValue("10m") Duration replyTimeout,
        @DefaultValue("50") int maxQueuedPerImei,
        @DefaultValue("5s") Duration expiryCheck,
        @DefaultValue("5m") Duration maxClockSkew) {

    /** Sends per command allowed in an entry: more would be a broken peer. */
    static final int MAX_SENDS_LIMIT = 100;
    /** Longest expiry allowed in an entry. */
    static final Duration MAX_EXPIRY = Duration.ofDays(366);

    public CommandProperties {
        if (maxSends < 1 || maxSends > MAX_SENDS_LIMIT) {
            throw new IllegalArgumentException("galileo.commands.max-sends must be 1-" + MAX_SENDS_LIMIT);
        }
        if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("galileo.commands.expiry must be positive and at most " + MAX_EXPIRY);
        }
        if (maxQueuedPerImei < 1) {
            throw new IllegalArgumentException("galileo.commands.max-queued-per-imei must be positive");
        }
    }
}
