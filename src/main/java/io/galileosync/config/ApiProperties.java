package io.galileosync.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Paging of the people's API ({@code galileo.api.*}).
 *
 * @param maxPageSize     largest {@code limit} a record query may ask for
 * @param defaultPageSize the {@code limit} when none is given
 */
@ConfigurationProperties("galileo.api")
public record ApiProperties(@DefaultValue("10000") int maxPageSize, @DefaultValue("1000") int defaultPageSize) {
}
