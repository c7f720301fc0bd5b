package io.deepdock.webapp.jobs;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.DatasetRepository;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
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
 * A queued job says where it stands in its lane, roughly when it starts and what it waits
 * for, counting every user's jobs ahead but showing nothing of them; a training on a
 * dataset still being imported waits for that import, and "the task's latest" is the
 * newest dataset that is ready, named on the job. No worker runs here: jobs stay queued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "deepdock.bootstrap.train-missing=false")
@WithInfrastructure
class JobQueueIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobSubmission submission;

	@Autowired
	DatasetRepository datasets;

	final JsonMapper json = JsonMapper.builder().build();

	ApiClient alice;

	ApiClient bob;

	@BeforeEach
	void emptyQueuesAndTwoUsers() {
		// what other tests left queued or running would stand ahead of these jobs
		this.jdbc
			.update("UPDATE job SET state = 'CANCELLED', finished_at = now() WHERE state IN ('QUEUED', 'RUNNING')");
		this.alice = TestAdmin.newUser(this.port, "queue-a");
		this.bob = TestAdmin.newUser(this.port, "queue-b");
	}

	@Test
	void aQueuedJobShowsItsPlaceInItsOwnLaneAndNothingOfTheJobsAhead() throws Exception {
		long first = submitTraining(this.alice, "{\"type\":\"TRAIN\",\"task\":\"digits\"}");
		long second = submitTraining(this.bob, "{\"type\":\"TRAIN\",\"task\":\"fashion\"}");
		Job imported = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, id(this.bob),
				"{\"task\":\"digits\",\"name\":\"bobs-digits\"}");

		JsonNode head = queue(this.alice, first);
		assertThat(head.get("lane").asString()).isEqualTo("training");
		assertThat(head.get("position").asInt()).isEqualTo(1);
		assertThat(head.get("estimatedStartSeconds").asLong()).isZero();
		assertThat(head.get("waitingFor").asString()).contains("free worker");

		JsonNode behind = queue(this.bob, second);
		assertThat(behind.get("position").asInt()).as("alice's training is ahead").isEqualTo(2);
		assertThat(behind.get("waitingFor").asString()).isEqualTo("a worker slot (1 training ahead)");
		List<String> fields = new ArrayList<>();
		behind.propertyNames().forEach(fields::add);
		assertThat(fields).as("counts only: no id, owner or task of the job ahead")
			.containsExactlyInAnyOrder("lane", "position", "estimatedStartSeconds", "waitingFor");
		assertThat(behind.toString()).doesNotContain(this.alice.username()).doesNotContain("digits");

		JsonNode shortLane = queue(this.bob, imported.getId());
		assertThat(shortLane.get("lane").asString()).isEqualTo("short");
		assertThat(shortLane.get("position").asInt()).as("trainings do not stand in the short lane").isEqualTo(1);

		// twenty trainings of 100 s each finished lately: the one ahead takes about that
		for (int i = 0; i < 20; i++) {
			this.jdbc.update("""
					INSERT INTO job (type, state, trigger, worker, created_at, started_at, finished_at)
					VALUES ('TRAIN', 'SUCCEEDED', 'SYSTEM', 'estimate-worker', now(),
					        now() + interval '1 minute' - interval '100 seconds', now() + interval '1 minute')""");
		}
		long estimate = queue(this.bob, second).get("estimatedStartSeconds").asLong();
		assertThat(estimate).isBetween(1L, 100L);

		JsonNode listed = this.json.readTree(this.bob.get("/api/v1/jobs?state=QUEUED").body()).get("content");
		assertThat(listed).anySatisfy((item) -> {
			assertThat(item.get("id").asLong()).isEqualTo(second);
			assertThat(item.get("task").asString()).isEqualTo("fashion");
			assertThat(item.get("queue").get("position").asInt()).isEqualTo(2);
		});
		// a job that is not queued has no place in a lane
		this.jdbc.update("UPDATE job SET state = 'RUNNING', started_at = now(), worker = 'w' WHERE id = ?", first);
		assertThat(job(this.alice, first).get("queue").isNull()).isTrue();
		assertThat(queue(this.bob, second).get("position").asInt()).as("nothing queued ahead any more").isEqualTo(1);
	}

	@Test
	void aTrainingOnADatasetStillImportingWaitsForThatImportAndSaysSo() throws Exception {
		Job importing = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, id(this.bob),
				"{\"task\":\"digits\",\"name\":\"still-importing\"}");

		long training = submitTraining(this.bob,
				"{\"type\":\"TRAIN\",\"task\":\"digits\",\"importJobId\":" + importing.getId() + "}");

		JsonNode view = job(this.bob, training);
		assertThat(view.at("/payload/importJobId").asLong()).isEqualTo(importing.getId());
		assertThat(view.get("datasetId").isNull()).as("no other dataset stands in for it").isTrue();
		assertThat(view.at("/queue/waitingFor").asString())
			.isEqualTo("the import of dataset 'still-importing' (job " + importing.getId() + ")");

		HttpResponse<String> someoneElses = this.alice.post("/api/v1/jobs",
				"{\"type\":\"TRAIN\",\"task\":\"digits\",\"importJobId\":" + importing.getId() + "}");
		assertProblem(someoneElses, 404, "not-found", "Not found");
		HttpResponse<String> otherTask = this.bob.post("/api/v1/jobs",
				"{\"type\":\"TRAIN\",\"task\":\"fashion\",\"importJobId\":" + importing.getId() + "}");
		assertProblem(otherTask, 400, "import-for-another-task", "Import for another task");
		assertThat(otherTask.body()).contains("not fashion");
		HttpResponse<String> both = this.bob.post("/api/v1/jobs",
				"{\"type\":\"TRAIN\",\"task\":\"digits\",\"datasetId\":1," + "\"importJobId\":" + importing.getId()
						+ "}");
		assertProblem(both, 400, "dataset-and-import", "Dataset or import, not both");
	}

	@Test
	void theTasksLatestIsTheUsersNewestReadyDatasetAndTheJobNamesIt() throws Exception {
		long bob = id(this.bob);
		Dataset older = this.datasets.save(new Dataset(ApiClient.uniqueName("older"), "digits", DatasetOrigin.UPLOAD,
				bob, 1, "train/test", 10, "{}"));
		Dataset newest = this.datasets.save(new Dataset(ApiClient.uniqueName("newest"), "digits", DatasetOrigin.UPLOAD,
				bob, 1, "train/test", 10, "{}"));
		// an import still under way has no dataset yet: it is not "the latest"
		this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, bob,
				"{\"task\":\"digits\",\"name\":\"not-ready\"}");

		long training = submitTraining(this.bob, "{\"type\":\"TRAIN\",\"task\":\"digits\"}");

		JsonNode view = job(this.bob, training);
		assertThat(view.get("datasetId").asLong()).isEqualTo(newest.getId()).isNotEqualTo(older.getId());
		assertThat(view.get("datasetName").asString()).isEqualTo(newest.getName());
		assertThat(view.get("task").asString()).isEqualTo("digits");
	}

	private void assertProblem(HttpResponse<String> response, int status, String type, String title) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://deepdock.io/problems/" + type);
		assertThat(problem.get("title").asString()).isEqualTo(title);
	}

	private long submitTraining(ApiClient user, String body) throws Exception {
		HttpResponse<String> submitted = user.post("/api/v1/jobs", body);
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
		return this.json.readTree(submitted.body()).get("id").asLong();
	}

	private JsonNode job(ApiClient user, long id) throws Exception {
		HttpResponse<String> response = user.get("/api/v1/jobs/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private JsonNode queue(ApiClient user, long id) throws Exception {
		return job(user, id).get("queue");
	}

	private long id(ApiClient user) throws Exception {
		return this.json.readTree(user.get("/api/v1/auth/me").body()).get("id").asLong();
	}

}
