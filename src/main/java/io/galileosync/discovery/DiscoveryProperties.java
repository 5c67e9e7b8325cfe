package io.galileosync.discovery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * LAN discovery settings, under {@code galileo.discovery.*}.
 *
 * @param enabled        master switch: nothing is announced or browsed when false
 * @param mdns           announce and browse {@value MdnsDiscovery#SERVICE_TYPE} with mDNS/DNS-SD (JmDNS)
 * @param mdnsAddress    the local address JmDNS binds to; the first of this node's LAN addresses when not set
 * @param beacon         the UDP broadcast beacon fallback (for phones and access points where multicast is blocked)
 * @param broadcast      send the beacon to the broadcast address of every up IPv4 interface (off: only to
 *                       {@code beaconTargets}, e.g. in tests that must keep their traffic on loopback)
 * @param beaconPort     UDP port the beacon is sent to and listened on
 * @param beaconInterval time between two beacons; a beacon peer not heard for 3 intervals is forgotten
 * @param beaconTargets  extra {@code host[:port]} beacon destinations besides the interface broadcast addresses
 *                       (other subnets, or {@code 127.0.0.1:port} in tests); the port defaults to {@code beaconPort}
 * @param maxPeers       most discovered peer entries remembered (least recently heard dropped first)
 */
@ConfigurationProperties("galileo.discovery")
public record DiscoveryProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("true") boolean mdns,
        String mdnsAddress,
        @DefaultValue("true") boolean beacon,
        @DefaultValue("true") boolean broadcast,
        @DefaultValue("3002") int beaconPort,
        @DefaultValue("10s") Duration beaconInterval,
        @DefaultValue List<String> beaconTargets,
        @DefaultValue("256") int maxPeers) {

    public DiscoveryProperties {
        if (beaconTargets == null) {
            beaconTargets = List.of();
        }
        if (beaconInterval == null || beaconInterval.isNegative() || beaconInterval.isZero()) {
            beaconInterval = Duration.ofSeconds(10);
        }
        if (beaconPort < 0 || beaconPort > 65535) {
            throw new IllegalArgumentException("galileo.discovery.beacon-port out of range: " + beaconPort);
        }
        if (maxPeers < 1) {
            maxPeers = 1;
        }
    }

    /** A beacon peer not heard for this long is dropped. */
    public Duration beaconExpiry() {
        return beaconInterval.multipliedBy(3);
    }
}
