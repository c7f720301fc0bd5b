package io.deepdock.webapp.models;

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
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.quotas.Quotas;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.AfterEach;
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
 * {@code DELETE /api/v1/models/{id}}: a model version a user trained counts against their
 * storage quota until they delete it; the artifact goes and the quota is freed at once,
 * while the row stays (DELETED) for the jobs and predictions that name it. Another user's
 * is a 404, a serving one a 409 for everyone, the platform's or an admin-promoted one the
 * admin's alone (403), one in use a 409. (No worker runs here: the trainings are played
 * through the job lifecycle and the registry, as a worker would.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.replica=model-deletion-it", "deepdock.bootstrap.train-missing=false",
				"deepdock.quotas.storage-per-user=8KB" })
@WithInfrastructure
class ModelDeletionApiIT {

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
	ModelRegistry registry;

	@Autowired
	JobSubmission submission;

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	Quotas quotas;

	@Autowired
	JdbcTemplate jdbc;

	final JsonMapper json = JsonMapper.builder().build();

	/** The toxicity version that was ACTIVE before a test made its own one ACTIVE. */
	Long previousActive;

	/** The version a test made ACTIVE. */
	Long activatedHere;

	long idOf(ApiClient client) {
		return this.json.readTree(client.get("/api/v1/auth/me").body()).get("id").asLong();
	}

	/** A TRAIN job of {@code owner} (null: the platform's) that is running. */
	Job runningTraining(Long owner) {
		Job job = this.submission.submit(JobType.TRAIN, (owner != null) ? JobTrigger.USER : JobTrigger.SYSTEM, owner,
				"{\"type\":\"TRAIN\",\"task\":\"toxicity\"}");
		this.lifecycle.start(job.getId(), "worker-sim");
		return job;
	}

	/**
	 * What a worker's training leaves: a READY version with its artifact, the job ended.
	 */
	ModelVersion trained(Long owner, int artifactBytes) throws Exception {
		Job job = runningTraining(owner);
		ModelVersion version = this.registry.register("toxicity", null, null, "{}");
		this.lifecycle.attachModelVersion(job.getId(), version.getId());
		StoredFile artifact = this.storage.write("models/toxicity", "zip", (out) -> out.write(new byte[artifactBytes]));
		version = this.registry.markReady(version.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		this.lifecycle.succeed(job.getId(), "{\"modelVersionId\":" + version.getId() + "}");
		return version;
	}

	JsonNode problem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://deepdock.io/problems/" + type);
		return problem;
	}

	HttpResponse<String> delete(ApiClient client, long version) {
		return client.send("DELETE", "/api/v1/models/" + version, null);
	}

	@Test
	void theOwnerDeletesTheirVersionItsArtifactGoesTheQuotaIsFreedAndWhatNamesItKeepsWorking() throws Exception {
		ApiClient owner = TestAdmin.newUser(this.port, "model-owner");
		ApiClient other = TestAdmin.newUser(this.port, "model-other");
		long ownerId = idOf(owner);
		ModelVersion version = trained(ownerId, 3000);
		long job = this.jdbc.queryForObject("SELECT id FROM job WHERE model_version_id = ?", Long.class,
				version.getId());
		long prediction = this.jdbc.queryForObject(
				"""
						INSERT INTO prediction (task, owner_id, model_version_id, label, probabilities, latency_micros, input_text)
						VALUES ('toxicity', ?, ?, 'toxic', '{"toxic":0.9}', 1000, 'hello') RETURNING id""",
				Long.class, ownerId, version.getId());
		assertThat(this.quotas.storageUsed(ownerId)).as("the version the user trained counts").isEqualTo(3000);

		String button = "class=\"delete secondary\" data-id=\"" + version.getId() + "\"";
		assertThat(owner.get("/models").body()).as("the owner's Delete button").contains(button);
		assertThat(other.get("/models").body()).as("no Delete button for another user").doesNotContain(button);

		problem(delete(other, version.getId()), 404, "not-found");
		HttpResponse<String> deleted = delete(owner, version.getId());

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertThat(this.storage.exists(version.getArtifactPath())).isFalse();
		assertThat(this.quotas.storageUsed(ownerId)).isZero();
		JsonNode row = this.json.readTree(owner.get("/api/v1/models/" + version.getId()).body());
		assertThat(row.get("status").asString()).isEqualTo("DELETED");
		assertThat(row.get("deletedAt").isNull()).isFalse();
		assertThat(this.json.readTree(owner.get("/api/v1/jobs/" + job).body()).get("modelVersionId").asLong())
			.isEqualTo(version.getId());
		assertThat(owner.get("/api/v1/predictions/" + prediction).statusCode()).isEqualTo(200);
		assertThat(owner.get("/models").body()).as("the card stays, marked, without its button")
			.contains("id=\"version-" + version.getId() + "\"")
			.doesNotContain(button);
		problem(delete(owner, version.getId()), 404, "not-found");
		problem(TestAdmin.admin(this.port).post("/api/v1/models/" + version.getId() + "/promote", ""), 409,
				"model-state");
	}

	@Test
	void aUsersTrainingIsRefusedWhileTheirStorageIsFullOfModelsUntilTheyDeleteOne() throws Exception {
		ApiClient owner = TestAdmin.newUser(this.port, "model-full");
		ModelVersion version = trained(idOf(owner), 9000);

		JsonNode refused = problem(owner.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"toxicity\"}"), 413,
				"quota-exceeded");

		assertThat(refused.get("detail").asString()).contains("storage is full").contains("/api/v1/models/{id}");
		assertThat(delete(owner, version.getId()).statusCode()).isEqualTo(204);
		HttpResponse<String> accepted = owner.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"toxicity\"}");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		// no worker runs here: the queued job is let go
		owner.post("/api/v1/jobs/" + this.json.readTree(accepted.body()).get("id").asLong() + "/cancel", "");
	}

	@Test
	void theServingVersionIsAConflictForEveryoneAndAnAdminPromotedOneIsTheAdminsToDelete() throws Exception {
		ApiClient admin = TestAdmin.admin(this.port);
		ApiClient owner = TestAdmin.newUser(this.port, "model-promoted");
		ModelVersion version = trained(idOf(owner), 2000);
		this.previousActive = this.registry.active("toxicity").map(ModelVersion::getId).orElse(null);
		this.registry.promote(version.getId());
		this.activatedHere = version.getId();
		assertThat(this.quotas.storageUsed(idOf(owner))).as("a promoted version is everyone's, not the owner's")
			.isZero();

		for (ApiClient caller : new ApiClient[] { owner, admin }) {
			JsonNode refused = problem(delete(caller, version.getId()), 409, "model-active");
			assertThat(refused.get("detail").asString()).contains("ACTIVE");
		}
		assertThat(this.storage.exists(version.getArtifactPath())).isTrue();

		// retired, as after a later promotion: a roll back may return to it
		this.jdbc.update("UPDATE model_version SET status = 'RETIRED' WHERE id = ?", version.getId());
		this.activatedHere = null;
		restorePreviousActive();
		problem(delete(owner, version.getId()), 403, "model-protected");
		assertThat(delete(admin, version.getId()).statusCode()).isEqualTo(204);
		assertThat(this.storage.exists(version.getArtifactPath())).isFalse();
	}

	@Test
	void aPlatformVersionIsTheAdminsAndOneStillTrainingOrInUseIsAConflict() throws Exception {
		ApiClient admin = TestAdmin.admin(this.port);
		ApiClient owner = TestAdmin.newUser(this.port, "model-busy");
		ModelVersion platform = trained(null, 1000);
		problem(delete(owner, platform.getId()), 403, "model-protected");
		assertThat(delete(admin, platform.getId()).statusCode()).isEqualTo(204);

		Job job = runningTraining(idOf(owner));
		ModelVersion training = this.registry.register("toxicity", null, null, "{}");
		this.lifecycle.attachModelVersion(job.getId(), training.getId());
		JsonNode refused = problem(delete(owner, training.getId()), 409, "model-in-use");
		assertThat(refused.get("detail").asString()).contains("still training");

		StoredFile artifact = this.storage.write("models/toxicity", "zip", (out) -> out.write(new byte[10]));
		this.registry.markReady(training.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		refused = problem(delete(owner, training.getId()), 409, "model-in-use");
		assertThat(refused.get("detail").asString()).contains("job " + job.getId());
		assertThat(this.storage.exists(artifact.path())).isTrue();

		this.lifecycle.succeed(job.getId(), "{}");
		assertThat(delete(owner, training.getId()).statusCode()).isEqualTo(204);
	}

	/**
	 * The test classes share one database: the toxicity version that served before is
	 * made ACTIVE again (and one made ACTIVE here taken out of service, as FAILED, so
	 * that it is no roll-back target).
	 */
	@AfterEach
	void restorePreviousActive() {
		if (this.activatedHere != null) {
			this.jdbc.update("UPDATE model_version SET status = 'FAILED' WHERE id = ?", this.activatedHere);
			this.activatedHere = null;
		}
		if (this.previousActive != null) {
			this.jdbc.update("UPDATE model_version SET status = 'ACTIVE' WHERE id = ?", this.previousActive);
			this.previousActive = null;
		}
	}

}
