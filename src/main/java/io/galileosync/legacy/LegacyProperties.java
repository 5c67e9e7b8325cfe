package io.galileosync.legacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The migration from the original app, under the {@code galileo.sync} names it has always had.
 *
 * @param legacyPushEnabled accept the original app's unsigned {@code POST /peer/sync} (its export body) during
 *                          a migration; off by default since that format has no authentication
 * @param batchRecords      records merged per transaction while importing
 */
@ConfigurationProperties("galileo.sync")
public record LegacyProperties(@DefaultValue("false") boolean legacyPushEnabled,
                               @DefaultValue("2000") int batchRecords) {
}
