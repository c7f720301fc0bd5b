package io.deepdock.webapp.jobs;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submitting TRAIN jobs (validated up front) and cancelling jobs, over real HTTP,
 * PostgreSQL and broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class JobApiIT {

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

	@Autowired
	JdbcTemplate jdbc;

	final JsonMapper json = JsonMapper.builder().build();

	ApiClient user;

	@BeforeEach
	void emptyQueueAndLogIn() {
		this.admin.purgeQueue(this.topology.trainQueue(), false);
		this.user = TestAdmin.newUser(this.port, "jobs");
	}

	HttpResponse<String> post(String path, String body) {
		return this.user.post(path, body);
	}

	@Test
	void trainJobIsQueuedWithItsParametersAndDispatchedToTheTrainQueue() throws Exception {
		HttpResponse<String> response = post("/api/v1/jobs",
				"{\"type\":\"TRAIN\",\"task\":\"digits\",\"parameters\":{\"epochs\":2,\"architecture\":\"small\"}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode job = this.json.readTree(response.body());
		assertThat(job.get("payload").get("parameters").get("epochs").asInt()).isEqualTo(2);
		Message message = this.rabbit.receive(this.topology.trainQueue(), 10_000);
		assertThat(this.codec.decode(message, JobDispatched.class).jobId()).isEqualTo(job.get("id").asLong());
	}

	@Test
	void outOfRangeParametersAreRefusedFieldByFieldAndNothingIsQueued() throws Exception {
		long before = this.jobs.count();
		HttpResponse<String> response = post("/api/v1/jobs",
				"{\"type\":\"TRAIN\",\"task\":\"digits\",\"parameters\":{\"epochs\":0,\"batchSize\":100000}}");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).endsWith("/invalid-parameters");
		assertThat(problem.get("errors").findValuesAsString("field")).contains("epochs", "batchSize");
		assertThat(this.jobs.count()).isEqualTo(before);
		assertThat(this.rabbit.receive(this.topology.trainQueue(), 1000)).isNull();
	}

	@Test
	void aUsersTrainingIsNeverPromotedByItselfAndOnlyAnAdminsMayBe() {
		HttpResponse<String> byUser = post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}");
		assertThat(this.json.readTree(byUser.body()).get("payload").get("promote").asString()).isEqualTo("never");
		HttpResponse<String> asked = post("/api/v1/jobs",
				"{\"type\":\"TRAIN\",\"task\":\"digits\",\"promote\":\"if-none\"}");
		assertThat(asked.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(asked.body()).get("type").asString()).endsWith("/promote-admin-only");
		HttpResponse<String> byAdmin = TestAdmin.admin(this.port)
			.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}");
		assertThat(byAdmin.statusCode()).isEqualTo(202);
		assertThat(this.json.readTree(byAdmin.body()).get("payload").get("promote").isNull()).isTrue();
	}

	@Test
	void unknownTaskIsRefused() throws Exception {
		HttpResponse<String> response = post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"cifar\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("task").contains("cifar");
	}

	@Test
	void queuedJobIsCancelledAtOnceAndASecondCancelConflicts() throws Exception {
		HttpResponse<String> submitted = post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"fashion\"}");
		long id = this.json.readTree(submitted.body()).get("id").asLong();
		HttpResponse<String> cancelled = post("/api/v1/jobs/" + id + "/cancel", "");
		assertThat(cancelled.statusCode()).isEqualTo(200);
		assertThat(this.jobs.findById(id).orElseThrow().getState()).isEqualTo(JobState.CANCELLED);
		HttpResponse<String> again = post("/api/v1/jobs/" + id + "/cancel", "");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("already ended");
		assertThat(post("/api/v1/jobs/987654321/cancel", "").statusCode()).isEqualTo(404);
	}

	@Test
	void theJobListIsFilteredByStateTypeAndTrigger() throws Exception {
		Job queuedImport = this.jobs.save(new Job(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{}"));
		Job failedTrain = this.jobs.save(new Job(JobType.TRAIN, JobTrigger.USER, null, "{}"));
		Job retrain = this.jobs.save(new Job(JobType.RETRAIN, JobTrigger.SCHEDULE, null, "{}"));
		this.jdbc.update("UPDATE job SET state = 'FAILED', error = 'test' WHERE id = ?", failedTrain.getId());
		assertThat(ids("/api/v1/jobs?state=FAILED&size=100")).contains(failedTrain.getId())
			.doesNotContain(queuedImport.getId(), retrain.getId());
		assertThat(ids("/api/v1/jobs?type=IMPORT_DATASET&type=RETRAIN&size=100"))
			.contains(queuedImport.getId(), retrain.getId())
			.doesNotContain(failedTrain.getId());
		assertThat(ids("/api/v1/jobs?trigger=SCHEDULE&state=QUEUED&size=100")).contains(retrain.getId())
			.doesNotContain(queuedImport.getId(), failedTrain.getId());
		HttpResponse<String> bad = get("/api/v1/jobs?state=SLEEPING");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		// a user's filtered list still holds only the user's own jobs
		HttpResponse<String> mine = this.user.get("/api/v1/jobs?type=RETRAIN&size=100");
		assertThat(this.json.readTree(mine.body()).path("content").valueStream().map((j) -> j.path("id").asLong()))
			.doesNotContain(retrain.getId());
	}

	@Test
	void onlyAnAdminsTrainingMayLearnFromEveryonesFeedbackOrPromoteAChallenger() {
		HttpResponse<String> feedback = post("/api/v1/jobs",
				"{\"type\":\"TRAIN\",\"task\":\"digits\",\"feedback\":true}");
		assertThat(feedback.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(feedback.body()).get("type").asString()).endsWith("/feedback-admin-only");
		assertThat(post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\",\"promote\":\"challenger\"}")
			.statusCode()).isEqualTo(403);
		HttpResponse<String> byAdmin = TestAdmin.admin(this.port).post("/api/v1/jobs", """
				{"type":"TRAIN","task":"digits","feedback":true,"promote":"challenger","minImprovement":0.01}""");
		assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(202);
		JsonNode payload = this.json.readTree(byAdmin.body()).get("payload");
		assertThat(payload.get("feedback").asBoolean()).isTrue();
		assertThat(payload.get("minImprovement").asDouble()).isEqualTo(0.01);
		assertThat(payload.get("promote").asString()).isEqualTo("challenger");
	}

	HttpResponse<String> get(String path) {
		return TestAdmin.admin(this.port).get(path);
	}

	java.util.List<Long> ids(String path) throws Exception {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body())
			.path("content")
			.valueStream()
			.map((job) -> job.path("id").asLong())
			.toList();
	}

}
