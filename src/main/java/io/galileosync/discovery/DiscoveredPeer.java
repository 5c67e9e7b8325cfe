package io.galileosync.discovery;

import java.time.Instant;

/**
 * A Galileo Sync node seen on the LAN.
 *
 * @param nodeId   the peer's persistent node id
 * @param name     its human-readable name
 * @param apiUrl   base URL of its HTTP API, e.g. {@code http://192.168.1.20:3001} (no trailing slash)
 * @param via      how it was found: {@value #MDNS}, {@value #BEACON}, {@value #PEER} (another peer knows it), or
 *                 {@value #INBOUND} (it synced with this node)
 * @param lastSeen when it was last heard of
 */
public record DiscoveredPeer(String nodeId, String name, String apiUrl, String via, Instant lastSeen) {

    public static final String MDNS = "mdns";
    public static final String BEACON = "beacon";
    public static final String PEER = "peer";
    public static final String INBOUND = "inbound";
}
