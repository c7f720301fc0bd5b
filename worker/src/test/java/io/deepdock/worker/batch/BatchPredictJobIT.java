package io.deepdock.worker.batch;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobReaper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
import io.deepdock.core.ml.text.TextSet;
import io.deepdock.core.ml.training.TrainedModel;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingData;
import io.deepdock.core.ml.training.TrainingParameters;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * BATCH_PREDICT jobs on a worker, through a real broker and PostgreSQL, with a real
 * (tiny) DL4J model trained on rendered digits: a zip of PNGs becomes prediction rows and
 * a results CSV, bad entries become error rows, a redelivered job does not duplicate
 * rows, and a cancel request is honoured at a batch boundary.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.replica=batch-it", "deepdock.batch.batch-size=16" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
// closed after the class: a cached context would keep consuming jobs meant for the next
// test class's workers
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchPredictJobIT {

	static Path media = io.deepdock.worker.WorkerTestMedia.dir();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	static final int IMAGES = 60;

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

	@Autowired
	RabbitListenerEndpointRegistry listeners;

	final JsonMapper json = JsonMapper.builder().build();

	ModelVersion model;

	StoredFile zip;

	@BeforeAll
	void trainAndPromoteADigitsModel() throws Exception {
		TrainingParameters parameters = TrainingParameters.defaults(Task.DIGITS)
			.withArchitecture("small")
			.withEpochs(4)
			.withBatchSize(32)
			.withSeed(3)
			.withAugmentation(false)
			.withEarlyStopping(0, 0.0);
		ModelVersion version = this.registry.register("digits", null, null, "{}");
		try (TrainedModel trained = new Trainer().train(Task.DIGITS,
				TrainingData.images(RenderedDigits.preprocessed(600, 1), RenderedDigits.preprocessed(100, 2)),
				parameters)) {
			StoredFile artifact = this.storage.write("models/digits", "zip",
					(out) -> ModelArtifacts.write(trained, null, null, out));
			this.registry.markReady(version.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		}
		this.model = this.registry.promote(version.getId());
		this.zip = this.storage.write("batches/digits", "zip", this::writeZip);
		ModelVersion toxicity = this.registry.register("toxicity", null, null, "{}");
		try (TrainedModel trained = new Trainer().train(Task.TOXICITY,
				TrainingData.texts(comments(300, 1), comments(60, 2)),
				TrainingParameters.defaults(Task.TOXICITY).withEpochs(3))) {
			StoredFile artifact = this.storage.write("models/toxicity", "zip",
					(out) -> ModelArtifacts.write(trained, null, null, out));
			this.registry.markReady(toxicity.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		}
		this.registry.promote(toxicity.getId());
	}

	/** Insults (toxic, insult) and polite remarks (no label), with filler words. */
	static TextSet comments(int count, long seed) {
		java.util.Random random = new java.util.Random(seed);
		String[] filler = { "the", "page", "article", "source", "edit", "today", "review", "section" };
		List<String> ids = new java.util.ArrayList<>();
		List<String> texts = new java.util.ArrayList<>();
		byte[] labels = new byte[count * 6];
		for (int i = 0; i < count; i++) {
			boolean insult = i % 2 == 0;
			String words = filler[random.nextInt(filler.length)] + " " + filler[random.nextInt(filler.length)];
			texts
				.add(insult ? "you are an idiot and a moron about " + words : "thanks for the kind help with " + words);
			ids.add(Integer.toString(i));
			if (insult) {
				labels[i * 6] = 1;
				labels[i * 6 + 4] = 1;
			}
		}
		return new TextSet(Task.TOXICITY.labels(), ids, texts, labels);
	}

	/**
	 * Rendered digits in a folder, plus a text file, a truncated PNG and macOS metadata.
	 */
	void writeZip(OutputStream out) throws IOException {
		ZipOutputStream zip = new ZipOutputStream(out);
		zip.putNextEntry(new ZipEntry("digits/"));
		for (int i = 0; i < IMAGES; i++) {
			zip.putNextEntry(new ZipEntry("digits/" + i + ".png"));
			zip.write(RenderedDigits.png(i, 9));
			if (i == 10) {
				zip.putNextEntry(new ZipEntry("digits/notes.txt"));
				zip.write("not an image".getBytes(StandardCharsets.UTF_8));
				zip.putNextEntry(new ZipEntry("digits/broken.png"));
				zip.write(Arrays.copyOf(RenderedDigits.png(1, 9), 60));
			}
		}
		zip.putNextEntry(new ZipEntry("__MACOSX/digits/._0.png"));
		zip.write(new byte[] { 0, 5, 22, 7 });
		zip.finish();
	}

	Job submit() {
		BatchRequest request = new BatchRequest("digits", BatchFormat.ZIP, this.zip.path(), "digits.zip",
				this.zip.size(), this.zip.sha256(), IMAGES + 2);
		return this.submission.submit(JobType.BATCH_PREDICT, JobTrigger.USER, null,
				this.json.writeValueAsString(request));
	}

	Job awaitEnd(Job job) {
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.jobs.findById(job.getId()).orElseThrow().getState().isTerminal());
		return this.jobs.findById(job.getId()).orElseThrow();
	}

	int rows(Job job) {
		return this.jdbc.queryForObject("SELECT count(*) FROM prediction WHERE job_id = ?", Integer.class, job.getId());
	}

	List<String> resultLines(JsonNode result) throws IOException {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.storage.open(result.get("results").asString()), StandardCharsets.UTF_8))) {
			return reader.lines().toList();
		}
	}

	@Test
	void aZipOfImagesBecomesPredictionRowsAndAResultsCsvWithBadEntriesAsErrorRows() throws Exception {
		Job done = awaitEnd(submit());
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		assertThat(done.getModelVersionId()).isEqualTo(this.model.getId());
		JsonNode result = this.json.readTree(done.getResult());
		assertThat(result.get("items").asInt()).isEqualTo(IMAGES + 2);
		assertThat(result.get("predicted").asInt()).isEqualTo(IMAGES);
		assertThat(result.get("errors").asInt()).isEqualTo(2);
		assertThat(result.get("errorSamples").toString()).contains("digits/notes.txt").contains("digits/broken.png");
		assertThat(rows(done)).isEqualTo(IMAGES);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM prediction WHERE job_id = ? AND model_version_id = ? AND input_path = ?",
				Integer.class, done.getId(), this.model.getId(), this.zip.path()))
			.isEqualTo(IMAGES);
		// each row keeps its 28x28 features, so feedback on it can be learnt by a
		// retraining
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM prediction WHERE job_id = ? AND octet_length(features) = 784", Integer.class,
				done.getId()))
			.isEqualTo(IMAGES);

		List<String> lines = resultLines(result);
		assertThat(lines.get(0))
			.isEqualTo("input,prediction_id,label,labels,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9," + "error");
		assertThat(lines).hasSize(1 + IMAGES + 2);
		// input order is kept: the two bad entries come right after digits/10.png
		assertThat(lines.get(12)).startsWith("digits/notes.txt,,,,").contains("not an image");
		assertThat(lines.get(13)).startsWith("digits/broken.png,,,,").contains("truncated or corrupt");
		int right = 0;
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.split(",", -1);
			if (cells[0].endsWith(".png") && !cells[0].contains("broken")) {
				int digit = Integer.parseInt(cells[0].replaceAll("\\D", "")) % 10;
				long id = Long.parseLong(cells[1]);
				assertThat(this.jdbc.queryForObject("SELECT label FROM prediction WHERE id = ? AND job_id = ?",
						String.class, id, done.getId()))
					.isEqualTo(cells[2]);
				right += cells[2].equals(Integer.toString(digit)) ? 1 : 0;
			}
		}
		// the rows are each image's own prediction: misaligned rows would score ~10 %
		assertThat(right).isGreaterThan(IMAGES * 8 / 10);
		assertThat(this.progress.findByJobIdOrderByIdAsc(done.getId())).filteredOn((p) -> "batch".equals(p.getKind()))
			.last()
			.satisfies((p) -> assertThat(this.json.readValue(p.getMetrics(), Map.class)).containsEntry("processed",
					(double) (IMAGES + 2)));
	}

	@Test
	void aRedeliveredJobReplacesTheRowsOfItsEarlierAttemptInsteadOfDuplicatingThem() {
		this.listeners.stop();
		Job job;
		try {
			job = submit();
			// what a worker that died mid-batch left behind
			for (int i = 0; i < 5; i++) {
				this.jdbc.update("""
						INSERT INTO prediction (task, model_version_id, job_id, input_name, label, probabilities,
						                        latency_micros)
						VALUES ('digits', ?, ?, ?, '0', '{}'::jsonb, 1)
						""", this.model.getId(), job.getId(), "digits/" + i + ".png");
			}
		}
		finally {
			this.listeners.start();
		}
		Job done = awaitEnd(job);
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		assertThat(rows(done)).isEqualTo(IMAGES);
	}

	@Test
	void aCancelRequestStopsTheJobAtABatchBoundary() {
		this.listeners.stop();
		Job job;
		try {
			job = submit();
			// asked while it runs: the flag alone, as requestCancel sets it for a RUNNING
			// job
			this.jdbc.update("UPDATE job SET cancel_requested = true WHERE id = ?", job.getId());
		}
		finally {
			this.listeners.start();
		}
		Job done = awaitEnd(job);
		assertThat(done.getState()).isEqualTo(JobState.CANCELLED);
		assertThat(rows(done)).isZero();
	}

	@Test
	void aZipBombFailsTheJobWithAReadableReason() throws Exception {
		StoredFile bomb = this.storage.write("batches/digits", "zip", (out) -> {
			ZipOutputStream zip = new ZipOutputStream(out);
			zip.putNextEntry(new ZipEntry("0.png"));
			zip.write(RenderedDigits.png(0, 1));
			zip.putNextEntry(new ZipEntry("bomb.png"));
			zip.write(new byte[8 * 1024 * 1024]);
			zip.finish();
		});
		BatchRequest request = new BatchRequest("digits", BatchFormat.ZIP, bomb.path(), "bomb.zip", bomb.size(),
				bomb.sha256(), 2);
		Job done = awaitEnd(this.submission.submit(JobType.BATCH_PREDICT, JobTrigger.USER, null,
				this.json.writeValueAsString(request)));
		assertThat(done.getState()).isEqualTo(JobState.FAILED);
		assertThat(done.getError()).contains("zip bomb");
	}

	@Test
	void aCsvOfTextsBecomesPredictionRowsWithTheirTextsAndBadRowsAsErrorRows() throws Exception {
		String csv = "id,comment_text,toxic\n" + "c1,\"you are an idiot, a moron\",1\n" + "c2,   ,0\n"
				+ "c3,\"thanks for the kind\nhelp\",0\n" + "c4,one,too,many\n";
		StoredFile file = this.storage.write("batches/toxicity", "csv",
				(out) -> out.write(csv.getBytes(StandardCharsets.UTF_8)));
		BatchRequest request = new BatchRequest("toxicity", BatchFormat.CSV, file.path(), "comments.csv", file.size(),
				file.sha256(), 4);
		Job done = awaitEnd(this.submission.submit(JobType.BATCH_PREDICT, JobTrigger.USER, null,
				this.json.writeValueAsString(request)));
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		JsonNode result = this.json.readTree(done.getResult());
		assertThat(result.get("predicted").asInt()).isEqualTo(2);
		assertThat(result.get("errors").asInt()).isEqualTo(2);
		assertThat(this.jdbc.queryForList("SELECT input_text FROM prediction WHERE job_id = ? ORDER BY id",
				String.class, done.getId()))
			.containsExactly("you are an idiot, a moron", "thanks for the kind\nhelp");
		List<String> lines = resultLines(result);
		assertThat(lines.get(0)).isEqualTo("input,prediction_id,label,labels,p_toxic,p_severe_toxic,p_obscene,"
				+ "p_threat,p_insult,p_identity_hate,error");
		assertThat(lines).hasSize(5);
		assertThat(lines.get(2)).startsWith("c2,,").endsWith("text is empty");
		assertThat(lines.get(4)).startsWith("c4,,").endsWith("\"line 6 has 4 fields, the header has 3\"");
		double insult = Double.parseDouble(lines.get(1).split(",")[8]);
		double polite = Double.parseDouble(lines.get(3).split(",")[8]);
		assertThat(insult).isGreaterThan(polite);
	}

}
