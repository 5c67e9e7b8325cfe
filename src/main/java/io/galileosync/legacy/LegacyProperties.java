package io.galileosync.legacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The migration from the original app, under the {@code galileo.sync} names it has always had.
 *
 * @param legacyPushEnabled accept the original app's unsigned {@code POST /peer/sync} (its export body) during
 *                          a migration; off by default since that format has no authentication
 * @param batchRecords      records merged per transaction while importing
 * @param importMaxBytes    the largest import file taken, as stored (after gunzip: a small gzip bomb must not
 *                          fill the disk); a parsed_data.json of years of data is a few hundred MB
 */
@ConfigurationProperties("galileo.sync")
public record LegacyProperties(@DefaultValue("false") boolean legacyPushEnabled,
                               @DefaultValue("2000") int batchRecords,
                               @DefaultValue("1GB") DataSize importMaxBytes) {
}
