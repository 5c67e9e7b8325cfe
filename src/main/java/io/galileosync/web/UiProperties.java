package io.galileosync.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web UI's map ({@code galileo.ui.*}).
 *
 * @param tileUrl         a tile server this team runs ({@code http://tiles.local/{z}/{x}/{y}.png}); empty: the map
 *                        draws without tiles
 * @param tileAttribution shown on the map with those tiles
 */
@ConfigurationProperties("galileo.ui")
public record UiProperties(@DefaultValue("") String tileUrl, @DefaultValue("") String tileAttribution) {
}
