package io.deepdock.webapp.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/docs} reads as documentation: every operation has a summary and a
 * description, is tagged by its feature (not {@code *-controller}), and lists the 4xx
 * problems it answers as problem details.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class ApiDocsIT {

	/** Operations that answer no problem of their own (only 401 and 403). */
	static final List<String> NO_OWN_PROBLEMS = List.of("GET /api/v1/auth/me", "GET /api/v1/auth/tokens");

	@LocalServerPort
	int port;

	JsonNode docs;

	@BeforeEach
	void read() {
		HttpResponse<String> response = TestAdmin.admin(this.port).get("/api/docs.json");
		assertThat(response.statusCode()).isEqualTo(200);
		this.docs = JsonMapper.builder().build().readTree(response.body());
	}

	List<Map.Entry<String, JsonNode>> operations() {
		List<Map.Entry<String, JsonNode>> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : this.docs.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				operations.add(Map.entry(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(),
						operation.getValue()));
			}
		}
		return operations;
	}

	@Test
	void everyOperationHasASummaryADescriptionAndItsFeaturesTag() {
		assertThat(operations()).isNotEmpty().allSatisfy((operation) -> {
			JsonNode body = operation.getValue();
			assertThat(ApiDocumentation.OPERATIONS).as("documented in ApiDocumentation")
				.containsKey(operation.getKey());
			assertThat(body.path("summary").asString("")).as(operation.getKey()).isNotBlank();
			assertThat(body.path("description").asString("")).as(operation.getKey()).isNotBlank();
			assertThat(body.path("tags").valueStream().map(JsonNode::asString).toList()).as(operation.getKey())
				.singleElement()
				.isIn(ApiDocumentation.TAGS.keySet());
		});
		assertThat(this.docs.path("tags").findValuesAsString("name"))
			.containsExactlyElementsOf(ApiDocumentation.TAGS.keySet());
	}

	@Test
	void theTableNamesNoOperationThatDoesNotExist() {
		assertThat(operations().stream().map(Map.Entry::getKey).toList())
			.containsAll(ApiDocumentation.OPERATIONS.keySet());
	}

	@Test
	void everyOperationListsTheProblemsItAnswersAsProblemDetails() {
		assertThat(operations()).allSatisfy((operation) -> {
			JsonNode responses = operation.getValue().path("responses");
			List<String> problems = new ArrayList<>();
			for (Map.Entry<String, JsonNode> response : responses.properties()) {
				if (response.getKey().startsWith("4")) {
					problems.add(response.getKey());
					assertThat(response.getValue().path("content").has("application/problem+json"))
						.as(operation.getKey() + " " + response.getKey())
						.isTrue();
					assertThat(response.getValue().path("description").asString()).isNotBlank();
				}
			}
			assertThat(problems).as(operation.getKey()).contains("401", "403");
			if (!NO_OWN_PROBLEMS.contains(operation.getKey())) {
				assertThat(problems).as(operation.getKey()).hasSizeGreaterThan(2);
			}
		});
		// the table's reasons, not a generic text
		assertThat(this.docs.at("/paths/~1api~1v1~1jobs~1{id}~1cancel/post/responses/409/description").asString())
			.isEqualTo("the job has already ended");
	}

}
