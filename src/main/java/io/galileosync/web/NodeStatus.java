package io.galileosync.web;

import io.galileosync.config.GalileoProperties;
import io.galileosync.discovery.NodeAddresses;
import io.galileosync.ingest.IngestMetrics;
import io.galileosync.ingest.IngestServer;
import io.galileosync.node.NodeIdentity;
import io.galileosync.sync.SyncService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What the UI's status panel shows, gathered from the node's parts (one snapshot, cheap enough for every 2 s). */
@Component
class NodeStatus {

    private final NodeIdentity node;
    private final JdbcClient jdbc;
    private final IngestMetrics ingestMetrics;
    private final ObjectProvider<IngestServer> ingestServer;
    private final ObjectProvider<SyncService> sync;
    private final ObjectProvider<NodeAddresses> addresses;
    private final ObjectProvider<BuildProperties> build;
    private final MeterRegistry meters;
    private final Environment environment;
    private final GalileoProperties properties;

    NodeStatus(NodeIdentity node, JdbcClient jdbc, IngestMetrics ingestMetrics, ObjectProvider<IngestServer> ingestServer,
               ObjectProvider<SyncService> sync, ObjectProvider<NodeAddresses> addresses,
               ObjectProvider<BuildProperties> build, MeterRegistry meters, Environment environment,
               GalileoProperties properties) {
        this.node = node;
        this.jdbc = jdbc;
        this.ingestMetrics = ingestMetrics;
        this.ingestServer = ingestServer;
        this.sync = sync;
        this.addresses = addresses;
        this.build = build;
        this.meters = meters;
        this.environment = environment;
        this.properties = properties;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", node.name());
        s.put("nodeId", node.nodeId());
        BuildProperties info = build.getIfAvailable();
        s.put("version", info == null ? "dev" : info.getVersion());
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        s.put("uptimeSeconds", uptimeMs / 1000);
        s.put("records", jdbc.sql("select count(*) from records").query(Long.class).single());
        s.put("devices", jdbc.sql("select count(*) from devices").query(Long.class).single());
        s.put("trackersConnected", ingestMetrics.activeConnections());
        s.put("ingestedRecordsTotal", ingestedRecords());
        s.put("databaseBytes", databaseBytes());
        s.put("tcpPort", tcpPort());
        s.put("httpPort", httpPort());
        s.put("urls", urls());
        SyncService service = sync.getIfAvailable();
        s.put("peerServer", service != null && service.isOpen());
        SyncService engine = sync.getIfAvailable();
        s.put("autoSyncIntervalSeconds", (engine != null ? engine.autoSyncInterval() : properties.sync().interval())
                .toSeconds());
        s.put("tileUrl", environment.getProperty("galileo.ui.tile-url", ""));
        s.put("tileAttribution", environment.getProperty("galileo.ui.tile-attribution", ""));
        s.put("time", System.currentTimeMillis());
        return s;
    }

    private long ingestedRecords() {
        Counter counter = meters.find("galileo.ingest.records").counter();
        return counter == null ? 0 : (long) counter.count();
    }

    /** Bytes of every file in the data folder (the H2 database, its backups and exports). */
    long databaseBytes() {
        Path dir = properties.dataDir();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // deleted meanwhile
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    int tcpPort() {
        IngestServer server = ingestServer.getIfAvailable();
        if (server != null) {
            try {
                int port = server.port();
                if (port > 0) {
                    return port;
                }
            } catch (RuntimeException e) {
                // not bound yet
            }
        }
        return properties.ingest().port();
    }

    int httpPort() {
        return Integer.parseInt(environment.getProperty("local.server.port",
                environment.getProperty("server.port", "3001")));
    }

    /** The URLs other devices can use to reach this node, best first. */
    List<String> urls() {
        NodeAddresses known = addresses.getIfAvailable();
        if (known != null && !known.apiUrls().isEmpty()) {
            return known.apiUrls();
        }
        List<String> urls = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        urls.add("http://" + address.getHostAddress() + ":" + httpPort());
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to list
        }
        if (urls.isEmpty()) {
            urls.add("http://127.0.0.1:" + httpPort());
        }
        return urls;
    }
}
