package io.deepdock.webapp.jobs;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.quotas.Quotas;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner deletes the other files they hold: a batch's results and upload
 * ({@code DELETE /api/v1/jobs/{id}/result}: the job row stays, marked deleted, its
 * download 410) and the image an online prediction stored ({@code DELETE
 * /api/v1/predictions/{id}/input}: the row stays, marked as retention marks it). Each
 * frees the storage quota at once; another user's is a 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.replica=stored-files-deletion-it", "deepdock.bootstrap.train-missing=false" })
@WithInfrastructure
class StoredFilesDeletionApiIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	MediaStorage storage;

	@Autowired
	JobSubmission submission;

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	ModelRegistry registry;

	@Autowired
	Quotas quotas;

	@Autowired
	JdbcTemplate jdbc;

	final JsonMapper json = JsonMapper.builder().build();

	long idOf(ApiClient client) {
		return this.json.readTree(client.get("/api/v1/auth/me").body()).get("id").asLong();
	}

	JsonNode problem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://deepdock.io/problems/" + type);
		return problem;
	}

	@Test
	void theOwnerDeletesABatchsFilesTheQuotaIsFreedAndTheJobStaysMarkedDeleted() throws Exception {
		ApiClient owner = TestAdmin.newUser(this.port, "batch-owner");
		ApiClient other = TestAdmin.newUser(this.port, "batch-other");
		long ownerId = idOf(owner);
		StoredFile input = this.storage.write("batches/toxicity", "csv", (out) -> out.write(new byte[700]));
		StoredFile results = this.storage.write("results/toxicity", "csv", (out) -> out.write(new byte[300]));
		Job job = this.submission.submit(JobType.BATCH_PREDICT, JobTrigger.SYSTEM, ownerId,
				"{\"input\":\"" + input.path() + "\"}", input);
		HttpResponse<String> running = owner.send("DELETE", "/api/v1/jobs/" + job.getId() + "/result", null);
		assertThat(problem(running, 409, "conflict").get("detail").asString()).contains("QUEUED").contains("Cancel");
		this.lifecycle.start(job.getId(), "worker-sim");
		this.lifecycle.succeed(job.getId(),
				"{\"results\":\"" + results.path() + "\",\"resultsSize\":" + results.size() + "}");
		assertThat(this.quotas.storageUsed(ownerId)).isEqualTo(1000);

		assertThat(owner.get("/jobs/" + job.getId()).body()).as("the job page's Delete button")
			.contains("id=\"delete-result\"");
		problem(other.send("DELETE", "/api/v1/jobs/" + job.getId() + "/result", null), 404, "not-found");
		HttpResponse<String> deleted = owner.send("DELETE", "/api/v1/jobs/" + job.getId() + "/result", null);

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertThat(this.storage.exists(results.path())).isFalse();
		assertThat(this.storage.exists(input.path())).isFalse();
		assertThat(this.quotas.storageUsed(ownerId)).isZero();
		JsonNode view = this.json.readTree(owner.get("/api/v1/jobs/" + job.getId()).body());
		assertThat(view.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(view.get("resultsRemoved").asString()).isEqualTo("deleted");
		assertThat(view.get("resultsRemovedAt").isNull()).isFalse();
		assertThat(problem(owner.get("/api/v1/jobs/" + job.getId() + "/result"), 410, "results-expired").get("detail")
			.asString()).contains("deleted by its owner");
		assertThat(owner.get("/jobs/" + job.getId()).body()).as("the job page says so, without the link")
			.contains("Its results file was deleted")
			.doesNotContain("id=\"delete-result\"");
		problem(owner.send("DELETE", "/api/v1/jobs/" + job.getId() + "/result", null), 404, "not-found");
	}

	@Test
	void aTrainingHasNoResultsFileToDelete() {
		ApiClient owner = TestAdmin.newUser(this.port, "batch-training");
		Job job = this.submission.submit(JobType.TRAIN, JobTrigger.SYSTEM, idOf(owner), "{\"task\":\"digits\"}");
		this.lifecycle.start(job.getId(), "worker-sim");
		this.lifecycle.fail(job.getId(), "stopped by the test");
		problem(owner.send("DELETE", "/api/v1/jobs/" + job.getId() + "/result", null), 404, "not-found");
	}

	@Test
	void theOwnerDeletesTheImageAPredictionStoredTheRowStaysMarkedAndTheQuotaIsFreed() throws Exception {
		ApiClient owner = TestAdmin.newUser(this.port, "image-owner");
		ApiClient other = TestAdmin.newUser(this.port, "image-other");
		long ownerId = idOf(owner);
		long model = this.registry.register("digits", null, null, "{}").getId();
		StoredFile image = this.storage.write("uploads/digits", "png", (out) -> out.write(new byte[1234]));
		long prediction = this.jdbc.queryForObject("""
				INSERT INTO prediction (task, owner_id, model_version_id, input_path, input_bytes, label, probabilities,
				                        latency_micros, features)
				VALUES ('digits', ?, ?, ?, ?, '7', '{"7":1.0}', 1000, ?) RETURNING id""", Long.class, ownerId, model,
				image.path(), image.size(), new byte[28 * 28]);
		long text = this.jdbc.queryForObject("""
				INSERT INTO prediction (task, owner_id, model_version_id, label, probabilities, latency_micros,
				                        input_text)
				VALUES ('toxicity', ?, ?, 'toxic', '{"toxic":0.9}', 1000, 'hello') RETURNING id""", Long.class, ownerId,
				model);
		assertThat(this.quotas.storageUsed(ownerId)).isEqualTo(1234);

		problem(other.send("DELETE", "/api/v1/predictions/" + prediction + "/input", null), 404, "not-found");
		problem(owner.send("DELETE", "/api/v1/predictions/" + text + "/input", null), 404, "not-found");
		HttpResponse<String> deleted = owner.send("DELETE", "/api/v1/predictions/" + prediction + "/input", null);

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertThat(this.storage.exists(image.path())).isFalse();
		assertThat(this.quotas.storageUsed(ownerId)).isZero();
		JsonNode row = this.json.readTree(owner.get("/api/v1/predictions/" + prediction).body());
		assertThat(row.get("label").asString()).isEqualTo("7");
		assertThat(row.get("imageExpiredAt").isNull()).isFalse();
		assertThat(owner.get("/api/v1/predictions/" + prediction + "/image").statusCode())
			.as("the thumbnail is drawn from the kept features")
			.isEqualTo(200);
		problem(owner.send("DELETE", "/api/v1/predictions/" + prediction + "/input", null), 404, "not-found");
	}

}
