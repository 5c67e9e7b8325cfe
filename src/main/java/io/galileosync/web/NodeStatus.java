package io.galileosync.web;

import io.galileosync.config.GalileoProperties;
import io.galileosync.discovery.NodeAddresses;
import io.galileosync.ingest.IngestMetrics;
import io.galileosync.ingest.IngestProperties;
import io.galileosync.ingest.IngestServer;
import io.galileosync.store.NodeIdentity;
import io.galileosync.store.RecordStore;
import io.galileosync.sync.PeerServer;
import io.galileosync.sync.Retention;
import io.galileosync.sync.SyncService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** What the UI's status panel shows, gathered from the node's parts (one snapshot, cheap enough for every 2 s). */
@Component
class NodeStatus {

    private final NodeIdentity node;
    private final RecordStore store;
    private final IngestMetrics ingestMetrics;
    private final IngestServer ingestServer;
    private final IngestProperties ingest;
    private final PeerServer peerServer;
    private final SyncService sync;
    private final Retention retention;
    private final NodeAddresses addresses;
    private final ObjectProvider<BuildProperties> build;
    private final MeterRegistry meters;
    private final Environment environment;
    private final GalileoProperties properties;
    private final UiProperties ui;

    NodeStatus(NodeIdentity node, RecordStore store, IngestMetrics ingestMetrics, IngestServer ingestServer,
               IngestProperties ingest, PeerServer peerServer, SyncService sync, Retention retention,
               NodeAddresses addresses,
               ObjectProvider<BuildProperties> build, MeterRegistry meters, Environment environment,
               GalileoProperties properties, UiProperties ui) {
        this.node = node;
        this.store = store;
        this.ingestMetrics = ingestMetrics;
        this.ingestServer = ingestServer;
        this.ingest = ingest;
        this.peerServer = peerServer;
        this.sync = sync;
        this.retention = retention;
        this.addresses = addresses;
        this.build = build;
        this.meters = meters;
        this.environment = environment;
        this.properties = properties;
        this.ui = ui;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", node.name());
        s.put("nodeId", node.nodeId());
        BuildProperties info = build.getIfAvailable();
        s.put("version", info == null ? "dev" : info.getVersion());
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        s.put("uptimeSeconds", uptimeMs / 1000);
        s.put("records", store.recordCount());
        s.put("devices", store.deviceCount());
        s.put("trackersConnected", ingestMetrics.activeConnections());
        s.put("ingestedRecordsTotal", ingestedRecords());
        s.put("databaseBytes", databaseBytes());
        s.put("tcpPort", tcpPort());
        s.put("httpPort", httpPort());
        s.put("urls", urls());
        s.put("peerServer", peerServer.isOpen());
        s.put("autoSyncIntervalSeconds", sync.autoSyncInterval().toSeconds());
        s.put("lastPruning", retention.last());
        s.put("tileUrl", ui.tileUrl());
        s.put("tileAttribution", ui.tileAttribution());
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
        int port = ingestServer.port();
        return port > 0 ? port : ingest.port();
    }

    int httpPort() {
        return Integer.parseInt(environment.getProperty("local.server.port",
                environment.getProperty("server.port", "3001")));
    }

    /** The URLs other devices can use to reach this node, best first. */
    List<String> urls() {
        List<String> urls = addresses.apiUrls();
        return urls.isEmpty() ? List.of("http://127.0.0.1:" + httpPort()) : urls;
    }
}
