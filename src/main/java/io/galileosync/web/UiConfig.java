package io.galileosync.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web UI is static ({@code static/index.html} + JS modules, Leaflet and uPlot from webjars). Besides
 * {@code /} it answers on the original mobile app's address.
 */
@Configuration(proxyBeanMethods = false)
class UiConfig implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/mobile-peer-sync-ui.html").setViewName("forward:/index.html");
    }
}
