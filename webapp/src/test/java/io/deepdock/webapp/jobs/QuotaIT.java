package io.deepdock.webapp.jobs;

import org.springframework.context.annotation.Import;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.retention.Retention;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import io.deepdock.webapp.Uploads;
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
 * Storage abuse, over real HTTP, PostgreSQL, broker and media: an upload or job beyond
 * the user's quota is a {@code quota-exceeded} problem naming the limit and the usage,
 * and stores nothing; a job cancelled while queued loses its upload; an expired results
 * file answers 410. (No worker runs here, so every accepted job stays QUEUED.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.quotas.storage-per-user=4KB", "deepdock.quotas.active-jobs-per-user=2" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ Retention.class })
@WithInfrastructure
class QuotaIT {

	static final String HEADER = Uploads.TOXICITY_HEADER;

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
	Retention retention;

	@Autowired
	JdbcTemplate jdbc;

	final JsonMapper json = JsonMapper.builder().build();

	/** A toxicity CSV of about {@code bytes} bytes. */
	static byte[] csv(int bytes) {
		return Uploads.toxicityCsv(bytes);
	}

	HttpResponse<String> upload(ApiClient client, String path, String task, byte[] file) throws IOException {
		return Uploads.post(client, path, java.util.Map.of("task", task), "f.csv", file);
	}

	HttpResponse<String> uploadDataset(ApiClient client, byte[] file) throws IOException {
		return upload(client, "/api/v1/datasets", "toxicity", file);
	}

	/** Asserts a problem detail with this status and type, and returns it. */
	JsonNode problem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://deepdock.io/problems/" + type);
		assertThat(problem.get("title").asString())
			.isEqualTo(type.equals("quota-exceeded") ? "Quota exceeded" : "Results expired");
		return problem;
	}

	long storedFiles() throws IOException {
		try (Stream<Path> files = Files.walk(media)) {
			return files.filter(Files::isRegularFile).filter((f) -> !f.startsWith(media.resolve(".tmp"))).count();
		}
	}

	@Test
	void anUploadOverTheStorageQuotaIsA413ProblemNamingLimitAndUsageAndStoresNothing() throws Exception {
		ApiClient user = TestAdmin.newUser(this.port, "quota-storage");
		byte[] first = csv(3000);
		assertThat(uploadDataset(user, first).statusCode()).isEqualTo(202);
		long before = storedFiles();

		JsonNode problem = problem(uploadDataset(user, csv(2000)), 413, "quota-exceeded");

		assertThat(problem.get("quota").asString()).isEqualTo("storage");
		assertThat(problem.get("limit").asLong()).isEqualTo(4096);
		// the queued import's upload counts
		assertThat(problem.get("usage").asLong()).isEqualTo(first.length);
		assertThat(problem.get("detail").asString()).contains("limit is 4.0 KB").contains("upload again");
		assertThat(storedFiles()).isEqualTo(before);
	}

	@Test
	void aJobBeyondTheActiveJobQuotaIsA429ProblemAndItsUploadIsNotKept() throws Exception {
		ApiClient user = TestAdmin.newUser(this.port, "quota-jobs");
		assertThat(uploadDataset(user, csv(200)).statusCode()).isEqualTo(202);
		HttpResponse<String> second = uploadDataset(user, csv(200));
		assertThat(second.statusCode()).isEqualTo(202);
		long before = storedFiles();

		JsonNode problem = problem(uploadDataset(user, csv(200)), 429, "quota-exceeded");

		assertThat(problem.get("quota").asString()).isEqualTo("active-jobs");
		assertThat(problem.get("limit").asLong()).isEqualTo(2);
		assertThat(problem.get("usage").asLong()).isEqualTo(2);
		assertThat(problem.get("detail").asString()).contains("cancel one");
		assertThat(storedFiles()).isEqualTo(before);
		// a job that takes no upload is held to the same quota
		problem(user.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}"), 429, "quota-exceeded");

		long id = this.json.readTree(second.body()).get("id").asLong();
		assertThat(user.post("/api/v1/jobs/" + id + "/cancel", "{}").statusCode()).isEqualTo(200);
		assertThat(uploadDataset(user, csv(200)).statusCode()).isEqualTo(202);
	}

	@Test
	void anAdminIsExemptFromTheQuotas() throws Exception {
		ApiClient admin = TestAdmin.admin(this.port);
		assertThat(uploadDataset(admin, csv(5000)).statusCode()).isEqualTo(202);
	}

	@Test
	void aBatchCancelledWhileQueuedHasItsUploadRemoved() throws Exception {
		activeToxicityModel();
		ApiClient user = TestAdmin.newUser(this.port, "quota-cancel");
		HttpResponse<String> accepted = upload(user, "/api/v1/jobs/batch", "toxicity",
				"comment_text\nhello\nworld\n".getBytes(StandardCharsets.UTF_8));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		JsonNode job = this.json.readTree(accepted.body());
		String input = job.get("payload").get("input").asString();
		assertThat(this.storage.exists(input)).isTrue();

		HttpResponse<String> cancelled = user.post("/api/v1/jobs/" + job.get("id").asLong() + "/cancel", "{}");

		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		assertThat(this.json.readTree(cancelled.body()).get("state").asString()).isEqualTo("CANCELLED");
		assertThat(this.storage.exists(input)).isFalse();
	}

	@Test
	void anExpiredResultsFileIsRemovedAndItsDownloadAnswers410() throws Exception {
		ApiClient user = TestAdmin.newUser(this.port, "quota-expired");
		long owner = this.json.readTree(user.get("/api/v1/auth/me").body()).get("id").asLong();
		StoredFile input = this.storage.write("batches/toxicity", "csv",
				(out) -> out.write("comment_text\nhi\n".getBytes()));
		StoredFile results = this.storage.write("results/toxicity", "csv",
				(out) -> out.write("input,label\n".getBytes()));
		Job job = this.submission.submit(JobType.BATCH_PREDICT, JobTrigger.SYSTEM, owner,
				"{\"input\":\"" + input.path() + "\"}", input);
		this.lifecycle.start(job.getId(), "test-worker");
		this.lifecycle.succeed(job.getId(),
				"{\"results\":\"" + results.path() + "\",\"resultsSize\":" + results.size() + "}");
		assertThat(user.get("/api/v1/jobs/" + job.getId() + "/result").statusCode()).isEqualTo(200);
		// finished longer ago than deepdock.retention.results (30 days by default)
		this.jdbc.update("UPDATE job SET finished_at = now() - interval '31 days' WHERE id = ?", job.getId());

		this.retention.expireResults();

		assertThat(this.storage.exists(results.path())).isFalse();
		assertThat(this.storage.exists(input.path())).isFalse();
		JsonNode problem = problem(user.get("/api/v1/jobs/" + job.getId() + "/result"), 410, "results-expired");
		assertThat(problem.get("detail").asString()).contains("job " + job.getId()).contains("Submit the batch again");
	}

	/** Upload checks only ask the registry for an ACTIVE version; it is never loaded. */
	void activeToxicityModel() throws IOException {
		if (this.registry.active("toxicity").isPresent()) {
			return;
		}
		ModelVersion version = this.registry.register("toxicity", null, null, "{}");
		StoredFile artifact = this.storage.write("models/toxicity", "zip", (out) -> out.write(new byte[] { 1 }));
		this.registry.markReady(version.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		this.registry.promote(version.getId());
		activatedHere = version.getId();
	}

	/** The version this class made ACTIVE, if any. */
	static Long activatedHere;

	/**
	 * The test classes share one database: a toxicity version made ACTIVE here would
	 * answer another class's "no model" check (BatchApiIT), so it is taken out of service
	 * again, as FAILED (a RETIRED one would be a roll-back target for
	 * AuthorizationMatrixIT).
	 */
	@AfterEach
	void retireTheToxicityVersionMadeHere() {
		if (activatedHere != null) {
			this.jdbc.update("UPDATE model_version SET status = 'FAILED' WHERE id = ?", activatedHere);
			activatedHere = null;
		}
	}

}
