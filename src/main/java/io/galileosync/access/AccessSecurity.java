package io.galileosync.access;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Access to this node over HTTP, decided by Spring Security on the path the dispatcher will match (its
 * firewall refuses {@code ;params}, encoded slashes and dots, and the like before any rule is looked at).
 * {@code /peer/**} proves itself by signatures (the sync module's filter); for everything else access is
 * denied by default: only the page, its assets, health, the API documentation and the login are public;
 * every other path needs this device's own user, the pairing code, or a session ({@link TeamAuthenticationFilter}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AccessSecurity {

    /** The page's assets come from this node only; Leaflet draws with inline styles; tiles may be images of any host. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob: http: https:;"
            + " style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none';"
            + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain peers(HttpSecurity http) throws Exception {
        return stateless(http.securityMatcher("/peer/**"))
                .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain people(HttpSecurity http, AccessProperties properties, TeamSecret secret, Sessions sessions,
                               LoginThrottle throttle, LocalNames names) throws Exception {
        return stateless(http)
                .addFilterBefore(new SameOriginFilter(), AuthorizationFilter.class)
                .addFilterBefore(new TeamAuthenticationFilter(properties, secret, sessions, throttle, names),
                        AuthorizationFilter.class)
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/mobile-peer-sync-ui.html",
                                "/favicon.ico", "/css/**", "/js/**", "/img/**", "/webjars/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
                                "/actuator/health/readiness").permitAll()
                        .requestMatchers(HttpMethod.GET, "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs",
                                "/v3/api-docs/**").permitAll()
                        .requestMatchers(SessionController.PATH).permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer realm=\"galileo-sync\"");
                            AccessProblems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED,
                                    AccessProblems.LOGIN_REQUIRED, "Login required", "This device's API needs the"
                                            + " team's pairing code: log in on the page, or send Authorization:"
                                            + " Bearer <pairing code>.");
                        })
                        .accessDeniedHandler((request, response, e) -> AccessProblems.write(request, response,
                                HttpServletResponse.SC_FORBIDDEN, "Forbidden", e.getMessage())))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        // static assets may be cached; API answers carry no caching headers of their own
                        .cacheControl(cache -> cache.disable()))
                .build();
    }

    /** No form login, no HTTP sessions, no CSRF tokens (state-changing requests are checked by Origin instead). */
    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    }
}
