package io.galileosync.ingest;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A tracker's answer to a command (PROTOCOL.md §6, DOC19 table 8): an ordinary 0x01 packet with tags 03, 04,
 * E0 (the command number, echoed), E1 (the reply text) and optionally EB (binary data), and no position.
 *
 * @param imei          the tracker: tag 03 of the reply, else the IMEI of the connection's head packet
 * @param commandNumber tag E0 as echoed, 0-4294967295. Match it to the command sent; a number no queued
 *                      command has is still a reply worth keeping (sent by another server, or by SMS)
 * @param text          tag E1 in CP1251; empty when the reply has no E1
 * @param binary        tag EB, or null when the reply has none (a copy: this value never changes)
 * @param receivedAt    when this server read the reply, epoch milliseconds (the reply carries no time)
 */
public record CommandReply(String imei, long commandNumber, String text, byte[] binary, long receivedAt) {

    public CommandReply {
        Objects.requireNonNull(imei, "imei");
        Objects.requireNonNull(text, "text");
        binary = binary == null ? null : binary.clone();
    }

    @Override
    public byte[] binary() {
        return binary == null ? null : binary.clone();
    }

    // a record compares arrays by identity; a reply is a value, so compare the bytes

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandReply r && imei.equals(r.imei) && commandNumber == r.commandNumber
                && text.equals(r.text) && Arrays.equals(binary, r.binary) && receivedAt == r.receivedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(imei, commandNumber, text, Arrays.hashCode(binary), receivedAt);
    }

    @Override
    public String toString() {
        return "CommandReply[imei=" + imei + ", commandNumber=" + commandNumber + ", text=" + text + ", binary="
                + (binary == null ? null : HexFormat.of().formatHex(binary)) + ", receivedAt=" + receivedAt + "]";
    }
}
