package io.deepdock.webapp.security;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's description at {@code /api/docs.json} (Swagger UI at {@code /api/docs}): HTTP
 * Basic or the browser's session cookie, and RFC 9457 problem details for every error.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM = "ProblemDetail";

	@Bean
	OpenAPI deepdockOpenApi() {
		Schema<?> problem = new Schema<>().type("object")
			.description("RFC 9457 problem detail; validation errors add 'errors': [{field, rejectedValue, message}]")
			.addProperty("type", new Schema<>().type("string").format("uri"))
			.addProperty("title", new Schema<>().type("string"))
			.addProperty("status", new Schema<>().type("integer"))
			.addProperty("detail", new Schema<>().type("string"))
			.addProperty("instance", new Schema<>().type("string"))
			.addProperty("errors", new Schema<>().type("array").items(new Schema<>().type("object")));
		return new OpenAPI().info(new Info().title("deepdock API")
			.version("v1")
			.description("Train, serve and scale small deep-learning models. Authenticate with HTTP Basic "
					+ "(curl -u user:password), a personal API token (Authorization: Bearer ddt_...) or the session of a logged-in browser. Errors are RFC 9457 "
					+ "problem details (application/problem+json)."))
			.components(new Components()
				.addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
				.addSecuritySchemes("token",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("a personal API token from POST /api/v1/auth/tokens"))
				.addSecuritySchemes("session",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.COOKIE)
							.name("SESSION"))
				.addSchemas(PROBLEM, problem))
			// relative: springdoc would otherwise build the server URL from the request's
			// Host header
			.servers(List.of(new Server().url("/").description("this deepdock")))
			.security(List.of(new SecurityRequirement().addList("basic"), new SecurityRequirement().addList("token"),
					new SecurityRequirement().addList("session")));
	}

	/**
	 * Each operation's tag (its feature), summary, description and the 4xx problems it
	 * answers, from {@link ApiDocumentation}; 401 and 403 can answer any operation:
	 * listed on each, as problem details.
	 */
	@Bean
	OpenApiCustomizer problemResponses() {
		return (openApi) -> {
			openApi.setTags(ApiDocumentation.TAGS.entrySet()
				.stream()
				.map((tag) -> new Tag().name(tag.getKey()).description(tag.getValue()))
				.toList());
			openApi.getPaths().forEach((url, path) -> path.readOperationsMap().forEach((method, operation) -> {
				ApiDocumentation.Entry entry = ApiDocumentation.OPERATIONS.get(method.name() + " " + url);
				if (entry != null) {
					operation.setTags(List.of(entry.tag()));
					operation.setSummary(entry.summary());
					operation.setDescription(entry.description());
					entry.problems().forEach((status, why) -> {
						ApiResponse documented = operation.getResponses().get(status);
						if (documented == null || documented.getContent() == null) {
							operation.getResponses().put(status, response(why));
						}
						else {
							documented.setDescription(why);
						}
					});
				}
				else {
					// not documented yet (ApiDocsIT says so): at least its feature, not
					// "*-controller"
					operation.setTags(List.of(ApiDocumentation.tagOf(url)));
				}
				operation.getResponses().putIfAbsent("401", response("Not authenticated"));
				operation.getResponses().putIfAbsent("403", response("Forbidden (role, or CSRF token for a browser)"));
			}));
		};
	}

	private static ApiResponse response(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

}
