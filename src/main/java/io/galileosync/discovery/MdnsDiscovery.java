package io.galileosync.discovery;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mDNS/DNS-SD announce and browse of {@value #SERVICE_TYPE} with JmDNS, on one local address. TXT: {@code nodeId},
 * {@code name}, {@code api} (URL), {@code version}. Failing to start (no multicast: Android without the multicast
 * lock, isolating access points, sandboxes) is reported to the caller, who carries on with the beacon.
 */
final class MdnsDiscovery implements Closeable {

    static final String SERVICE_TYPE = "_galileo-sync._tcp.local.";

    private static final Logger log = LoggerFactory.getLogger(MdnsDiscovery.class);

    private final String ownNodeId;
    private final DiscoveredPeers peers;
    /** mDNS instance name to node id, to forget the right node when a service is removed. */
    private final Map<String, String> instances = new ConcurrentHashMap<>();
    private volatile JmDNS jmdns;
    private volatile ServiceInfo announced;

    MdnsDiscovery(String ownNodeId, DiscoveredPeers peers) {
        this.ownNodeId = ownNodeId;
        this.peers = peers;
    }

    /** Starts JmDNS on {@code address} (JmDNS's own choice when null) and browses; throws when it cannot. */
    void start(InetAddress address, String hostName) throws IOException {
        JmDNS created = JmDNS.create(address, hostName);
        created.addServiceListener(SERVICE_TYPE, new Listener());
        jmdns = created;
        log.info("mDNS/DNS-SD discovery running on {}", created.getInetAddress());
    }

    InetAddress address() {
        try {
            JmDNS j = jmdns;
            return j == null ? null : j.getInetAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Registers (or re-registers) this node's service. */
    void announce(String instanceName, int port, String nodeId, String name, String apiUrl, String version)
            throws IOException {
        JmDNS j = jmdns;
        if (j == null) {
            return;
        }
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("nodeId", nodeId);
        txt.put("name", name);
        txt.put("api", apiUrl);
        txt.put("version", version);
        ServiceInfo info = ServiceInfo.create(SERVICE_TYPE, instanceName, port, 0, 0, txt);
        ServiceInfo previous = announced;
        if (previous != null) {
            j.unregisterService(previous);
        }
        j.registerService(info);
        announced = info;
        log.info("Announcing {} on mDNS as '{}'", apiUrl, info.getName());
    }

    void unannounce() {
        JmDNS j = jmdns;
        ServiceInfo previous = announced;
        announced = null;
        if (j != null && previous != null) {
            j.unregisterService(previous);
        }
    }

    @Override
    public void close() throws IOException {
        JmDNS j = jmdns;
        jmdns = null;
        announced = null;
        if (j != null) {
            j.close();
        }
        peers.clear(DiscoveredPeer.MDNS);
    }

    private final class Listener implements ServiceListener {

        @Override
        public void serviceAdded(ServiceEvent event) {
            // asynchronous: serviceResolved follows when the SRV/TXT/A records are in
            event.getDNS().requestServiceInfo(event.getType(), event.getName());
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            String nodeId = instances.remove(event.getName());
            if (nodeId != null) {
                peers.gone(nodeId, DiscoveredPeer.MDNS);
            }
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            if (info == null) {
                return;
            }
            String nodeId = info.getPropertyString("nodeId");
            if (nodeId == null || nodeId.isBlank() || nodeId.length() > 64 || nodeId.equals(ownNodeId)) {
                return;
            }
            String url = apiUrl(info);
            if (url == null) {
                log.debug("mDNS service {} has no usable address", info.getQualifiedName());
                return;
            }
            String name = info.getPropertyString("name");
            instances.put(event.getName(), nodeId);
            peers.seen(nodeId, name == null || name.isBlank() ? info.getName() : name, url, DiscoveredPeer.MDNS);
        }
    }

    /** The resolved IPv4 address and SRV port (what is reachable), else the announced {@code api} TXT value. */
    static String apiUrl(ServiceInfo info) {
        String announced = info.getPropertyString("api");
        String scheme = announced != null && announced.startsWith("https:") ? "https" : "http";
        Inet4Address[] addresses = info.getInet4Addresses();
        if (addresses.length > 0 && info.getPort() > 0) {
            for (Inet4Address address : addresses) {
                String url = scheme + "://" + address.getHostAddress() + ":" + info.getPort();
                if (url.equals(announced)) {
                    return url;
                }
            }
            return scheme + "://" + addresses[0].getHostAddress() + ":" + info.getPort();
        }
        if (announced != null && (announced.startsWith("http://") || announced.startsWith("https://"))) {
            return announced.endsWith("/") ? announced.substring(0, announced.length() - 1) : announced;
        }
        return null;
    }
}
