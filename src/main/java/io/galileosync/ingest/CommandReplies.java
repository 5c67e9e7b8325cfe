package io.galileosync.ingest;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Picks the command replies out of a decoded packet: every record that carries tag E0 (PROTOCOL.md §6). The
 * values come from the attributes the tag table gave those records, so the table stays the one place that
 * reads the tags. A record with E1 but no E0 has no number to match and stays an ordinary record only.
 */
final class CommandReplies {

    private static final String NUMBER = TagTable.get(0xE0).name();
    private static final String TEXT = TagTable.get(0xE1).name();
    private static final String BINARY = TagTable.get(0xEB).name();

    private CommandReplies() {
    }

    /**
     * @param sessionImei the IMEI of the connection's head packet, or null
     * @param receivedAt  when the packet was read, epoch ms
     * @throws PacketDecodeException when a reply has no IMEI and the session knows none either
     */
    static List<CommandReply> of(DecodedPacket packet, String sessionImei, long receivedAt)
            throws PacketDecodeException {
        String imei = PacketRecords.packetImei(packet, sessionImei);
        List<CommandReply> replies = new ArrayList<>(1);
        for (DecodedRecord record : packet.records()) {
            Map<String, Object> attributes = record.content().attributes();
            if (!(attributes.get(NUMBER) instanceof Long number)) {
                continue;
            }
            String replyImei = record.imei() != null ? record.imei() : imei;
            if (replyImei == null) {
                throw new PacketDecodeException("a command reply without an IMEI: no head packet on this connection");
            }
            String text = attributes.get(TEXT) instanceof String t ? t : "";
            byte[] binary = attributes.get(BINARY) instanceof String hex ? HexFormat.of().parseHex(hex) : null;
            replies.add(new CommandReply(replyImei, number, text, binary, receivedAt));
        }
        return replies;
    }

    /** The packet without its replies (its head stays, for the device it names). */
    static DecodedPacket withoutReplies(DecodedPacket packet) {
        return new DecodedPacket(packet.head(), packet.records().stream()
                .filter(record -> !(record.content().attributes().get(NUMBER) instanceof Long)).toList());
    }
}
