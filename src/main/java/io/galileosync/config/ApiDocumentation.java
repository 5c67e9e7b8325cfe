package io.galileosync.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API description (springdoc: {@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}) in two documents.
 * The people's API ({@code /api/**}; also the default {@code /v3/api-docs}) is what the page and scripts call:
 * the pairing code as a bearer token (so "Try it out" works from another device), errors as RFC 9457 problem
 * details. The peer protocol ({@code /peer/**}, group {@value #PEER_GROUP}) is what nodes call on each other,
 * every request signed with the team secret: documented apart, since no person calls it by hand.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PEOPLE_GROUP = "people";
    static final String PEER_GROUP = "peer-protocol";
    static final String BEARER = "pairingCode";
    static final String SIGNED = "peerSignature";
    static final String PROBLEM = "ProblemDetail";
    static final String PEER_TAG = "Peer protocol";
    private static final String PROBLEM_JSON = "application/problem+json";

    /** The errors every operation of the people's API may answer, beside its own (a status once per operation). */
    private static final Map<String, String> COMMON_ERRORS = Map.of(
            "401", "Login required: no pairing code (bearer), session or trusted loopback request",
            "403", "A state-changing request from another web site",
            "500", "Unexpected error; the server log has details");

    @Bean
    OpenAPI galileoApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties == null || properties.getVersion() == null ? "development"
                : properties.getVersion();
        return new OpenAPI()
                .info(new Info().title("Galileo Sync API").version(version).license(new License().name("MIT"))
                        .description("Records of Galileosky trackers, their devices and commands, and peer-to-peer"
                                + " sync between a team's nodes. From another device, authorize with the team's"
                                + " pairing code (shown under \"Peer server\" on the node's own page); the node's"
                                + " own browser and a logged-in page need nothing. Errors are RFC 9457 problem"
                                + " details. The signed node-to-node protocol is the \"" + PEER_GROUP
                                + "\" definition."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The team's pairing code: Authorization: Bearer <code>"))
                        .addSecuritySchemes(SIGNED, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Galileo-Signature")
                                .description("HMAC-SHA256 with the team secret over method, path and query, the"
                                        + " sender (X-Galileo-Node), time (X-Galileo-Timestamp, within 5 min), a"
                                        + " nonce (X-Galileo-Nonce) and the body's SHA-256; answers carry"
                                        + " X-Galileo-Answer-Signature. Made by the nodes, not by hand."))
                        .addSchemas(PROBLEM, problemSchema()));
    }

    @Bean
    GroupedOpenApi peopleApi() {
        return GroupedOpenApi.builder().group(PEOPLE_GROUP).displayName("People's API (page and scripts)")
                .pathsToMatch("/api/**").addOpenApiCustomizer(ApiDocumentation::forPeople).build();
    }

    @Bean
    GroupedOpenApi peerProtocol() {
        return GroupedOpenApi.builder().group(PEER_GROUP).displayName("Peer protocol (signed, node to node)")
                .pathsToMatch("/peer/**").addOpenApiCustomizer(ApiDocumentation::forPeers).build();
    }

    /**
     * Every document: {@code headers = "!X-..."} conditions (a request that does NOT carry a header) are no
     * parameters, though springdoc lists them as such.
     */
    @Bean
    GlobalOpenApiCustomizer withoutNegatedHeaders() {
        return api -> forEachOperation(api, (path, operation) -> {
            if (operation.getParameters() != null) {
                operation.getParameters().removeIf(p -> p.getName() != null && p.getName().startsWith("!"));
            }
        });
    }

    /** The default document ({@code /v3/api-docs}, no group) is the people's (a plain customizer: default only). */
    @Bean
    OpenApiCustomizer defaultIsPeople() {
        return api -> {
            if (api.getPaths() != null) {
                api.getPaths().keySet().removeIf(path -> !path.startsWith("/api/"));
            }
            forPeople(api);
        };
    }

    private static void forPeople(OpenAPI api) {
        securedBy(api, BEARER, SIGNED);
        forEachOperation(api, (path, operation) -> {
            ApiResponses responses = responses(operation);
            boolean open = operation.getSecurity() != null && operation.getSecurity().isEmpty();
            COMMON_ERRORS.forEach((status, description) -> {
                if (!(open && "401".equals(status))) {
                    responses.putIfAbsent(status, new ApiResponse().description(description));
                }
            });
            if (operation.getParameters() != null && !operation.getParameters().isEmpty()
                    || operation.getRequestBody() != null) {
                responses.putIfAbsent("400", new ApiResponse().description("A parameter or the body is malformed"));
            }
            if (path.contains("{")) {
                responses.putIfAbsent("404", new ApiResponse().description("Not known here"));
            }
            problemDetails(responses);
        });
    }

    private static void forPeers(OpenAPI api) {
        securedBy(api, SIGNED, BEARER);
        api.setTags(List.of(new Tag().name(PEER_TAG).description("Signed requests between the nodes of one team:"
                + " without this team's signature 401 and nothing read; 503 while the peer server is stopped; 413 for"
                + " a body over galileo.sync.max-body-bytes.")));
        forEachOperation(api, (path, operation) -> {
            operation.setTags(List.of(PEER_TAG));
            ApiResponses responses = responses(operation);
            responses.putIfAbsent("401", new ApiResponse().description("Not signed with this team's secret"));
            responses.putIfAbsent("503", new ApiResponse().description("The peer server is stopped"));
            problemDetails(responses);
        });
    }

    /** The document's operations need {@code scheme}; the other scheme is not described in it. */
    private static void securedBy(OpenAPI api, String scheme, String other) {
        api.setSecurity(List.of(new SecurityRequirement().addList(scheme)));
        if (api.getComponents() != null && api.getComponents().getSecuritySchemes() != null) {
            api.getComponents().getSecuritySchemes().remove(other);
        }
    }

    /** Every operation, with its path. */
    private static void forEachOperation(OpenAPI api, BiConsumer<String, Operation> action) {
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> item.readOperations().forEach(o -> action.accept(path, o)));
        }
    }

    private static ApiResponses responses(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        return operation.getResponses();
    }

    /** Every error is a problem detail (ApiExceptionHandler, the security chain's entry point). */
    private static void problemDetails(ApiResponses responses) {
        responses.forEach((status, response) -> {
            if (status.compareTo("400") >= 0 && response.get$ref() == null) {
                response.setContent(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
            }
        });
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").example("urn:galileo-sync:login-required"))
                .addProperty("title", new StringSchema().example("Login required"))
                .addProperty("status", new IntegerSchema().example(401))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"));
    }
}
