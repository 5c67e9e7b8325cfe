package io.galileosync.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param secret the team's shared secret ({@code galileo.sync.secret}); created at first start and stored when empty */
@ConfigurationProperties("galileo.sync")
public record TeamSecretProperties(String secret) {
}
