package io.galileosync.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings every module shares, under {@code galileo.*}; each module keeps its own beside it (ingest,
 * sync, discovery, ...). Defaults match the original mobile app (data in {@code ./data}).
 */
@ConfigurationProperties("galileo")
public record GalileoProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Node node) {

    /** @param name shown to people and peers; the host name when not set */
    public record Node(String name) {
        public Node {
            if (name == null || name.isBlank()) {
                name = hostName();
            }
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "galileo-node";
            }
        }
    }
}
