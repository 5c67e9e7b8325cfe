package io.galileosync.access;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the people's API and UI ({@code galileo.api.*}).
 *
 * @param lanAccess       who may use {@code /api/**} from another device
 * @param loopbackTrusted requests from this device itself (127.0.0.1, ::1) need no login, as long as they name
 *                        this device in {@code Host} (a web page that rebinds its own name to 127.0.0.1 gets no
 *                        trust) and come from no other site ({@code Origin})
 * @param sessionLifetime a login on another device lasts this long (or until logout)
 * @param hostNames       further names this node is reached by (a DNS name, a reverse proxy's) that loopback
 *                        requests may carry in {@code Host}; its own host name and addresses always count
 */
@ConfigurationProperties("galileo.api")
public record AccessProperties(@DefaultValue("PAIRING_CODE") LanAccess lanAccess,
                               @DefaultValue("true") boolean loopbackTrusted,
                               @DefaultValue("30d") Duration sessionLifetime,
                               @DefaultValue List<String> hostNames) {

    public enum LanAccess {
        /** Other devices log in with the team's pairing code (or send it as a bearer token). */
        PAIRING_CODE,
        /** No login at all: only for a network where every device is trusted. */
        OPEN
    }
}
