package io.galileosync.legacy;

import java.util.List;
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
 * @param legacyOrigins     while legacy push is on, the web origins (e.g. {@code http://192.168.1.30:3001}, patterns
 *                          like {@code http://192.168.1.*:3001} allowed) whose pages may call the old paths across
 *                          origins (CORS): the original app's page checks {@code /api/status} and pushes to
 *                          {@code /peer/sync} from the browser. None by default
 * @param legacyFolderImport at start, import the original app's files found in the data folder
 *                          ({@code parsed_data.json}, {@code devices.json}, {@code last_imei.json}) once, renaming
 *                          each to {@code <name>.imported} after
 */
@ConfigurationProperties("galileo.sync")
public record LegacyProperties(@DefaultValue("false") boolean legacyPushEnabled,
                               @DefaultValue("2000") int batchRecords,
                               @DefaultValue("1GB") DataSize importMaxBytes,
                               @DefaultValue List<String> legacyOrigins,
                               @DefaultValue("true") boolean legacyFolderImport) {
}
