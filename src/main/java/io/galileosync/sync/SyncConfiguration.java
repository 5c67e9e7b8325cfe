package io.galileosync.sync;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SyncConfiguration {

    /** Only the peer protocol is signed; {@code /api/peer/**} is the device user's own API. */
    @Bean
    FilterRegistrationBean<PeerAuthFilter> peerAuthFilter(PeerSignature signature, PeerServer server,
                                                          PeerAnswers answers, List<UnsignedPeerRequest> unsigned,
                                                          SyncProperties settings, MeterRegistry meters) {
        FilterRegistrationBean<PeerAuthFilter> registration = new FilterRegistrationBean<>(
                new PeerAuthFilter(signature, server, answers, unsigned, settings, meters));
        registration.addUrlPatterns("/peer/*");
        return registration;
    }
}
