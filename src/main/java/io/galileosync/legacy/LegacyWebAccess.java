package io.galileosync.legacy;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * While legacy push is on, and only then: the paths the original app's client and page use are public — its
 * unsigned status and push (the peer API's own check still decides which requests are the old ones) and its
 * page's {@code GET /api/status} — and answer cross-origin requests (CORS, preflights included) from the
 * configured origins ({@code galileo.sync.legacy-origins}) only. Every other path keeps the access module's
 * rules (denied by default).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "galileo.sync.legacy-push-enabled", havingValue = "true")
class LegacyWebAccess {

    static final String API_STATUS = "/api/status";
    private static final List<String> PATHS = List.of(API_STATUS, LegacyPushRequests.STATUS, LegacyPushRequests.PATH);

    /** Before the access module's chains (orders 1 and 2), for these three paths alone. */
    @Bean
    @Order(0)
    SecurityFilterChain legacyPaths(HttpSecurity http, LegacyProperties properties) throws Exception {
        return http.securityMatcher(PATHS.toArray(String[]::new))
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> cors.configurationSource(origins(properties.legacyOrigins())))
                .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
                .build();
    }

    /** The old page sends JSON (so a preflight) without credentials; nothing else is allowed. */
    private static UrlBasedCorsConfigurationSource origins(List<String> origins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (origins.isEmpty()) {
            return source;
        }
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(origins);
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Content-Type"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        PATHS.forEach(path -> source.registerCorsConfiguration(path, cors));
        return source;
    }
}
