package io.deepdock.webapp.datasets;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobDispatched;
import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.contracts.Topology;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import and job API over real HTTP, PostgreSQL and broker: 202 with a queued job,
 * problem details otherwise.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "deepdock.replica=webapp-it")
@WithInfrastructure
class DatasetImportApiIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	JobRepository jobs;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	MessageCodec codec;

	@Autowired
	Topology topology;

	final JsonMapper json = JsonMapper.builder().build();

	/** Importing a built-in (shared) dataset is an admin's job. */
	ApiClient api;

	@BeforeEach
	void emptyQueue() {
		this.admin.purgeQueue(this.topology.importQueue(), false);
		this.api = TestAdmin.admin(this.port);
	}

	HttpResponse<String> post(String path, String body) {
		return this.api.post(path, body);
	}

	HttpResponse<String> get(String path) {
		return this.api.get(path);
	}

	@Test
	void importIsAcceptedQueuedAndDispatchedToTheImportQueue() throws Exception {
		HttpResponse<String> response = post("/api/v1/datasets/import", "{\"dataset\":\"Digits\"}");
		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode job = this.json.readTree(response.body());
		long id = job.get("id").asLong();
		assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
		assertThat(job.get("state").asString()).isEqualTo("QUEUED");
		assertThat(job.get("payload").get("dataset").asString()).isEqualTo("digits");
		assertThat(this.jobs.findById(id).orElseThrow().getState()).isEqualTo(JobState.QUEUED);
		Message message = this.rabbit.receive(this.topology.importQueue(), 10_000);
		assertThat(this.codec.decode(message, JobDispatched.class)).isEqualTo(new JobDispatched(id, "IMPORT_DATASET"));
		HttpResponse<String> state = get("/api/v1/jobs/" + id);
		assertThat(state.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(state.body()).get("type").asString()).isEqualTo("IMPORT_DATASET");
	}

	@Test
	void unknownDatasetIsAProblemDetailAndQueuesNothing() throws Exception {
		long before = this.jobs.count();
		HttpResponse<String> response = post("/api/v1/datasets/import", "{\"dataset\":\"cifar\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).endsWith("/unknown-dataset");
		assertThat(problem.get("detail").asString()).contains("cifar").contains("digits, fashion");
		assertThat(this.jobs.count()).isEqualTo(before);
		assertThat(this.rabbit.receive(this.topology.importQueue(), 1000)).isNull();
	}

	@Test
	void missingDatasetNameIsAValidationProblemNamingTheField() throws Exception {
		HttpResponse<String> response = post("/api/v1/datasets/import", "{}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("dataset");
	}

	@Test
	void malformedJsonIsAProblemDetail() throws Exception {
		HttpResponse<String> response = post("/api/v1/datasets/import", "{\"dataset\":");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void unknownJobIsNotFoundAsAProblemDetail() throws Exception {
		HttpResponse<String> response = get("/api/v1/jobs/987654321");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(response.body()).get("detail").asString()).contains("987654321");
	}

	@Test
	void everyResponseNamesTheReplicaThatAnswered() throws Exception {
		assertThat(get("/actuator/health").headers().firstValue("X-Deepdock-Replica")).hasValue("webapp-it");
		assertThat(get("/api/v1/jobs/1").headers().firstValue("X-Deepdock-Replica")).hasValue("webapp-it");
	}

	@Test
	void readinessAndLivenessGroupsAreUp() throws Exception {
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
	}

	@Test
	void jobListIsPagedNewestFirst() throws Exception {
		post("/api/v1/datasets/import", "{\"dataset\":\"fashion\"}");
		post("/api/v1/datasets/import", "{\"dataset\":\"digits\"}");
		JsonNode page = this.json.readTree(get("/api/v1/jobs?size=1").body());
		assertThat(page.get("content")).hasSize(1);
		assertThat(page.get("content").get(0).get("payload").get("dataset").asString()).isEqualTo("digits");
	}

}
