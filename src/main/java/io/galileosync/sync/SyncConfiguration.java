package io.galileosync.sync;

import io.galileosync.config.GalileoProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SyncConfiguration {

    /** Only the peer protocol is signed; {@code /api/peer/**} is the device user's own API. */
    @Bean
    FilterRegistrationBean<PeerAuthFilter> peerAuthFilter(PeerSecret secret, SyncService sync,
                                                          GalileoProperties properties) {
        FilterRegistrationBean<PeerAuthFilter> registration =
                new FilterRegistrationBean<>(new PeerAuthFilter(secret, sync, properties));
        registration.addUrlPatterns("/peer/*");
        return registration;
    }
}
