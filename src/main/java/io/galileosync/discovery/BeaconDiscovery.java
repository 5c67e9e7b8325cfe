package io.galileosync.discovery;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP broadcast beacon: sends this node's {@link Beacon} to the broadcast address of every up IPv4
 * interface and to the configured extra targets, and listens on the beacon port for other nodes' beacons.
 * Plain JDK NIO, no multicast: works where multicast is blocked (Android/Termux, isolating access points).
 * Sending, receiving and checking a beacon share one channel and its error handling, hence one class.
 */
final class BeaconDiscovery implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(BeaconDiscovery.class);

    private final DiscoveryProperties properties;
    private final String ownNodeId;
    private final Supplier<byte[]> secret;
    private final DiscoveredPeers peers;
    private final DiscoveryMetrics metrics;
    private final List<InetSocketAddress> extraTargets;
    private final Set<String> warnedTargets = ConcurrentHashMap.newKeySet();
    private volatile DatagramChannel channel;
    private volatile boolean listening;
    private Thread receiver;

    BeaconDiscovery(DiscoveryProperties properties, String ownNodeId, Supplier<byte[]> secret, DiscoveredPeers peers,
            DiscoveryMetrics metrics) {
        this.properties = properties;
        this.ownNodeId = ownNodeId;
        this.secret = secret;
        this.peers = peers;
        this.metrics = metrics;
        this.extraTargets = parseTargets(properties.beaconTargets(), properties.beaconPort());
    }

    /** Binds the beacon port and starts listening; when the port is taken, beacons are still sent. */
    void open() throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
        try {
            ch.bind(new InetSocketAddress(properties.beaconPort()));
            listening = true;
        } catch (IOException e) {
            log.warn("Cannot listen for discovery beacons on UDP {} ({}); sending only", properties.beaconPort(),
                    e.toString());
            ch.bind(new InetSocketAddress(0));
        }
        channel = ch;
        if (listening) {
            receiver = new Thread(this::receiveLoop, "galileo-discovery-beacon");
            receiver.setDaemon(true);
            receiver.start();
            log.info("Listening for discovery beacons on UDP {}", localPort());
        }
    }

    int localPort() {
        try {
            DatagramChannel ch = channel;
            return ch == null ? -1 : ((InetSocketAddress) ch.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Sends one beacon to every broadcast address and extra target. */
    void send(Supplier<Beacon> beacon) {
        DatagramChannel ch = channel;
        if (ch == null || !ch.isOpen()) {
            return;
        }
        byte[] bytes = beacon.get().encode();
        List<InetSocketAddress> targets = new ArrayList<>();
        if (properties.broadcast()) {
            for (InetAddress broadcast : NodeAddresses.broadcastAddresses()) {
                targets.add(new InetSocketAddress(broadcast, properties.beaconPort()));
            }
        }
        for (InetSocketAddress target : extraTargets) {
            // re-resolve each time: a name may point elsewhere after a network change
            targets.add(new InetSocketAddress(target.getHostString(), target.getPort()));
        }
        for (InetSocketAddress target : targets) {
            if (target.isUnresolved()) {
                warnOnce(target.toString(), "does not resolve");
                metrics.sendError();
                continue;
            }
            try {
                ch.send(ByteBuffer.wrap(bytes), target);
                metrics.sent();
                if (warnedTargets.remove(target.toString())) {
                    log.info("Discovery beacon to {} sent again", target);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | SecurityException e) {
                metrics.sendError();
                warnOnce(target.toString(), e.toString());
            }
        }
    }

    private void warnOnce(String target, String problem) {
        if (warnedTargets.add(target)) {
            log.warn("Cannot send discovery beacon to {}: {} (not repeated until it works)", target, problem);
        } else {
            log.debug("Cannot send discovery beacon to {}: {}", target, problem);
        }
    }

    private void receiveLoop() {
        // one byte more than allowed: a longer datagram is truncated to MAX_BYTES + 1 and so recognised
        ByteBuffer buffer = ByteBuffer.allocate(Beacon.MAX_BYTES + 1);
        DatagramChannel ch = channel;
        while (ch.isOpen()) {
            buffer.clear();
            SocketAddress from;
            try {
                from = ch.receive(buffer);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (!ch.isOpen()) {
                    break;
                }
                log.debug("Beacon receive failed: {}", e.toString());
                continue;
            }
            if (from == null) {
                continue;
            }
            try {
                handle(buffer.array(), buffer.position(), (InetSocketAddress) from);
            } catch (RuntimeException e) {
                metrics.malformed();
                log.debug("Beacon from {} dropped: {}", from, e.toString());
            }
        }
        log.debug("Beacon listener stopped");
    }

    void handle(byte[] data, int length, InetSocketAddress from) {
        if (length > Beacon.MAX_BYTES) {
            metrics.oversize();
            log.debug("Oversize datagram from {} dropped", from);
            return;
        }
        Beacon beacon;
        try {
            beacon = Beacon.decode(data, length);
        } catch (IllegalArgumentException e) {
            metrics.malformed();
            log.debug("Malformed beacon from {}: {}", from, e.getMessage());
            return;
        }
        if (ownNodeId.equals(beacon.nodeId())) {
            metrics.own();
            return;
        }
        if (!beacon.verify(secret.get())) {
            metrics.badSignature();
            log.debug("Beacon from {} ({}) with a wrong or missing signature dropped", from, beacon.nodeId());
            return;
        }
        metrics.received();
        peers.seen(beacon.nodeId(), beacon.name() == null ? beacon.nodeId() : beacon.name(),
                apiUrl(beacon, from.getAddress()), DiscoveredPeer.BEACON);
    }

    /**
     * The URL to reach the sender: its announced URL when that is the address the datagram came from, else the
     * source address with the announced HTTP port (the source is what we can actually reach).
     */
    static String apiUrl(Beacon beacon, InetAddress source) {
        String scheme = "http";
        if (beacon.api() != null && !beacon.api().isEmpty()) {
            URI announced = URI.create(beacon.api());
            scheme = announced.getScheme();
            if (source != null && source.getHostAddress().equals(announced.getHost())) {
                return stripSlash(beacon.api());
            }
        }
        if (source == null) {
            return stripSlash(beacon.api());
        }
        String host = source instanceof Inet4Address ? source.getHostAddress() : "[" + source.getHostAddress() + "]";
        return scheme + "://" + host + ":" + beacon.httpPort();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static List<InetSocketAddress> parseTargets(List<String> targets, int defaultPort) {
        List<InetSocketAddress> result = new ArrayList<>();
        for (String raw : targets) {
            String target = raw == null ? "" : raw.trim();
            if (target.isEmpty()) {
                continue;
            }
            String host = target;
            int port = defaultPort;
            int colon = target.lastIndexOf(':');
            if (colon > 0 && target.indexOf(':') == colon) {
                host = target.substring(0, colon);
                try {
                    port = Integer.parseInt(target.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("galileo.discovery.beacon-targets: bad port in " + raw);
                }
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("galileo.discovery.beacon-targets: bad port in " + raw);
            }
            result.add(InetSocketAddress.createUnresolved(host, port));
        }
        return result;
    }

    @Override
    public void close() {
        DatagramChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                log.debug("Closing beacon channel: {}", e.toString());
            }
        }
        Thread t = receiver;
        if (t != null) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
