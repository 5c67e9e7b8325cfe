package io.galileosync.access;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The names and addresses that mean this device in a {@code Host} header: loopback, its host name (also as
 * {@code .local}), every address of its interfaces, and configured extra names. A request from loopback that
 * names any other host came through a name that an attacker's page rebound to 127.0.0.1.
 */
@Component
class LocalNames {

    private final Set<String> configured = new HashSet<>();
    private volatile Set<String> known;
    private volatile long knownAt;

    LocalNames(AccessProperties properties) {
        properties.hostNames().forEach(name -> configured.add(name.toLowerCase(Locale.ROOT)));
    }

    /** @param host the Host header's host part (no port), as sent */
    boolean isThisDevice(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || configured.contains(name)) {
            return true;
        }
        return names().contains(name);
    }

    /** Interfaces come and go (WiFi joins, hotspots): re-read at most every 10 s. */
    private Set<String> names() {
        long now = System.currentTimeMillis();
        Set<String> current = known;
        if (current != null && now - knownAt < 10_000) {
            return current;
        }
        Set<String> names = new HashSet<>();
        try {
            String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            names.add(host);
            names.add(host + ".local");
        } catch (UnknownHostException e) {
            // no host name: the addresses still count
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    String text = address.getHostAddress().toLowerCase(Locale.ROOT);
                    int zone = text.indexOf('%');
                    names.add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (SocketException | RuntimeException e) {
            // interfaces cannot be listed here (some Android versions): loopback names still count
        }
        known = names;
        knownAt = now;
        return names;
    }
}
