package io.galileosync.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the people's API ({@code galileo.api.*}).
 *
 * @param lanAccess       who may use {@code /api/**} from another device
 * @param loopbackTrusted requests from this device itself (127.0.0.1, ::1) need no login
 */
@ConfigurationProperties("galileo.api")
public record AccessProperties(@DefaultValue("PAIRING_CODE") LanAccess lanAccess,
                               @DefaultValue("true") boolean loopbackTrusted) {

    public enum LanAccess {
        /** Other devices log in with the team's pairing code (or send it as a bearer token). */
        PAIRING_CODE,
        /** No login at all: only for a network where every device is trusted. */
        OPEN
    }
}
