package io.galileosync.sync;

import tools.jackson.databind.JsonNode;

/**
 * One entry of a {@link ReplicatedLog} as it travels between nodes.
 *
 * @param origin the node the entry was first written on (its node id)
 * @param seq    the origin's sequence number for the entry, from 1, without gaps
 * @param data   the entry itself, a JSON object only its log reads
 */
public record LogEntry(String origin, long seq, JsonNode data) {
}
