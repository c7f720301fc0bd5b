package io.deepdock.worker.batch;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobReaper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.deepdock.core.batch.BatchFormat;
import io.deepdock.core.contracts.BatchRequest;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgressRepository;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.training.TrainedModel;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingData;
import io.deepdock.core.ml.training.TrainingParameters;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.embedded.test.InfrastructureInitializer;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.worker.WorkerApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker stopped in the middle of a batch (SIGTERM, a rolling update) hands the job
 * back at its next batch boundary; the next worker starts the batch over and ends with
 * exactly one prediction row per input. The test context itself takes no jobs: the two
 * workers are separate application contexts on the same PostgreSQL, broker and media.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "deepdock.jobs.consume=false")
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
// closed after the class: its outbox relay would keep publishing while later classes run
@DirtiesContext
class BatchHandBackIT {

	static Path media = io.deepdock.worker.WorkerTestMedia.dir();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	/** Enough inputs for the job to outlast its first progress point by seconds. */
	static final int IMAGES = 9600;

	static ConfigurableApplicationContext worker(String name) {
		return new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE)
			.initializers(new InfrastructureInitializer())
			.run("--deepdock.replica=" + name, "--deepdock.media.dir=" + media,
					"--deepdock.bootstrap.train-missing=false");
	}

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobProgressRepository progress;

	@Autowired
	ModelRegistry registry;

	@Autowired
	MediaStorage storage;

	@Autowired
	JdbcTemplate jdbc;

	final JsonMapper json = JsonMapper.builder().build();

	/** Any ACTIVE digits model will do (another test class may have made one). */
	void digitsModel() throws Exception {
		if (this.registry.active("digits").isPresent()) {
			return;
		}
		ModelVersion version = this.registry.register("digits", null, null, "{}");
		try (TrainedModel trained = new Trainer().train(Task.DIGITS,
				TrainingData.images(RenderedDigits.preprocessed(100, 1), RenderedDigits.preprocessed(20, 2)),
				TrainingParameters.defaults(Task.DIGITS)
					.withArchitecture("small")
					.withEpochs(1)
					.withBatchSize(32)
					.withAugmentation(false)
					.withEarlyStopping(0, 0.0))) {
			StoredFile artifact = this.storage.write("models/digits", "zip",
					(out) -> ModelArtifacts.write(trained, null, null, out));
			this.registry.markReady(version.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		}
		this.registry.promote(version.getId());
	}

	double processed(long jobId) {
		return this.progress.findByJobIdOrderByIdAsc(jobId)
			.stream()
			.filter((p) -> "batch".equals(p.getKind()))
			.mapToDouble(
					(p) -> ((Number) this.json.readValue(p.getMetrics(), Map.class).get("processed")).doubleValue())
			.max()
			.orElse(0);
	}

	int rows(long jobId) {
		return this.jdbc.queryForObject("SELECT count(*) FROM prediction WHERE job_id = ?", Integer.class, jobId);
	}

	@Test
	void aStoppedWorkerHandsTheBatchBackAndTheNextOneRedoesItWithOneRowPerInput() throws Exception {
		digitsModel();
		List<byte[]> pngs = java.util.stream.IntStream.range(0, 20).mapToObj((i) -> RenderedDigits.png(i, 5)).toList();
		StoredFile zip = this.storage.write("batches/digits", "zip", (out) -> {
			ZipOutputStream entries = new ZipOutputStream(out);
			for (int i = 0; i < IMAGES; i++) {
				entries.putNextEntry(new ZipEntry(i + ".png"));
				entries.write(pngs.get(i % pngs.size()));
			}
			entries.finish();
		});
		ConfigurableApplicationContext first = worker("batch-first");
		Job job = this.submission.submit(JobType.BATCH_PREDICT, JobTrigger.USER, null,
				this.json.writeValueAsString(new BatchRequest("digits", BatchFormat.ZIP, zip.path(), "digits.zip",
						zip.size(), zip.sha256(), IMAGES)));
		await().atMost(Duration.ofMinutes(2)).until(() -> processed(job.getId()) > 0);
		first.close();
		Job handedBack = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(handedBack.getState()).as(handedBack.getError()).isEqualTo(JobState.QUEUED);
		assertThat(handedBack.getError()).contains("handed back");
		assertThat(rows(job.getId())).isBetween(1, IMAGES - 1);

		ConfigurableApplicationContext second = worker("batch-second");
		try {
			await().atMost(Duration.ofMinutes(3))
				.until(() -> this.jobs.findById(job.getId()).orElseThrow().getState().isTerminal());
		}
		finally {
			second.close();
		}
		Job done = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		assertThat(done.getWorker()).isEqualTo("batch-second");
		assertThat(done.getAttempts()).isEqualTo(2);
		JsonNode result = this.json.readTree(done.getResult());
		assertThat(result.get("predicted").asInt()).isEqualTo(IMAGES);
		assertThat(rows(job.getId())).isEqualTo(IMAGES);
		assertThat(this.jdbc.queryForObject("SELECT count(DISTINCT input_name) FROM prediction WHERE job_id = ?",
				Integer.class, job.getId()))
			.isEqualTo(IMAGES);
	}

}
