package io.galileosync.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where peers can reach this node: {@code http://<address>:<port>} for each LAN IPv4 address of an up,
 * non-loopback interface (site-local ones first; {@code 127.0.0.1} when there is none). The port is the real
 * HTTP port, known once the web server is up ({@code server.port=0} picks a free one).
 */
@Component
public class NodeAddresses {

    private static final Logger log = LoggerFactory.getLogger(NodeAddresses.class);

    private final String serverAddress;
    private volatile int httpPort = -1;

    public NodeAddresses(Environment environment) {
        this.serverAddress = environment.getProperty("server.address");
    }

    /** The HTTP port, or -1 before the web server is up (or when there is none). */
    public int httpPort() {
        return httpPort;
    }

    void httpPort(int port) {
        this.httpPort = port;
    }

    /** This node's API base URLs (no trailing slash), best first; empty before the web server is up. */
    public List<String> apiUrls() {
        int port = httpPort;
        if (port <= 0) {
            return List.of();
        }
        List<String> urls = new ArrayList<>();
        for (InetAddress address : hostAddresses()) {
            urls.add("http://" + address.getHostAddress() + ":" + port);
        }
        return urls;
    }

    /** The primary API URL, or null before the web server is up. */
    public String primaryApiUrl() {
        List<String> urls = apiUrls();
        return urls.isEmpty() ? null : urls.get(0);
    }

    /**
     * This node's LAN IPv4 addresses, best first: site-local addresses of physical-looking interfaces, then
     * other site-local ones (docker, bridges, VPNs), then other non-loopback, non-link-local addresses;
     * {@code 127.0.0.1} when nothing else. {@code server.address}, when bound to one address, is the only one.
     */
    public List<InetAddress> hostAddresses() {
        if (serverAddress != null && !serverAddress.isBlank()) {
            try {
                InetAddress bound = InetAddress.getByName(serverAddress.trim());
                if (bound instanceof Inet4Address && !bound.isAnyLocalAddress()) {
                    return List.of(bound);
                }
            } catch (UnknownHostException e) {
                log.debug("server.address {} does not resolve", serverAddress);
            }
        }
        Set<InetAddress> siteLocal = new LinkedHashSet<>();
        Set<InetAddress> virtual = new LinkedHashSet<>();
        Set<InetAddress> other = new LinkedHashSet<>();
        for (NetworkInterface nif : upInterfaces()) {
            boolean looksVirtual = looksVirtual(nif.getName());
            for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                InetAddress address = ia.getAddress();
                if (!(address instanceof Inet4Address) || address.isLoopbackAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress()) {
                    continue;
                }
                if (address.isSiteLocalAddress()) {
                    (looksVirtual ? virtual : siteLocal).add(address);
                } else {
                    other.add(address);
                }
            }
        }
        List<InetAddress> result = new ArrayList<>(siteLocal);
        result.addAll(virtual);
        if (result.isEmpty()) {
            result.addAll(other);
        }
        if (result.isEmpty()) {
            result.add(InetAddress.getLoopbackAddress());
        }
        return result;
    }

    /** Broadcast addresses of every up, non-loopback IPv4 interface. */
    static List<InetAddress> broadcastAddresses() {
        Set<InetAddress> result = new LinkedHashSet<>();
        for (NetworkInterface nif : upInterfaces()) {
            for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                if (ia.getAddress() instanceof Inet4Address && ia.getBroadcast() != null) {
                    result.add(ia.getBroadcast());
                }
            }
        }
        return new ArrayList<>(result);
    }

    /** Up, non-loopback interfaces; none when the platform does not let us list them (some Android versions). */
    static List<NetworkInterface> upInterfaces() {
        List<NetworkInterface> result = new ArrayList<>();
        try {
            var all = NetworkInterface.getNetworkInterfaces();
            if (all == null) {
                return result;
            }
            for (NetworkInterface nif : Collections.list(all)) {
                try {
                    if (nif.isUp() && !nif.isLoopback()) {
                        result.add(nif);
                    }
                } catch (SocketException e) {
                    log.debug("Cannot read interface {}: {}", nif.getName(), e.toString());
                }
            }
        } catch (SocketException | RuntimeException e) {
            log.debug("Cannot list network interfaces: {}", e.toString());
        }
        return result;
    }

    private static boolean looksVirtual(String name) {
        return name.startsWith("docker") || name.startsWith("br-") || name.startsWith("veth")
                || name.startsWith("virbr") || name.startsWith("tun") || name.startsWith("tap")
                || name.startsWith("wg") || name.startsWith("zt") || name.startsWith("vmnet")
                || name.startsWith("vboxnet");
    }
}
