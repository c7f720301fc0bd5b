package io.deepdock.worker.imports;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobReaper;
import java.nio.file.Path;
import java.time.Duration;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.DatasetRepository;
import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.datasets.ImageZips;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.models.ModelStatus;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.models.ModelVersionRepository;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A zip of images in class folders, as the web app stores an upload, becomes a dataset
 * through the worker (decoded, split, counted per class), and a TRAIN of that dataset
 * trains on it. Fashion, so that the digits trainings of the other worker tests, which
 * share this database, never pick it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "deepdock.replica=image-zip-it")
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
@DirtiesContext
class ImageZipImportIT {

	static Path media = io.deepdock.worker.WorkerTestMedia.dir();

	/** Label names in several spellings, and one index (7 = Sneaker). */
	static final String[] FOLDERS = { "T-shirt_top", "trouser", "Pullover", "dress", "Coat", "Sandal", "Shirt", "7",
			"Bag", "Ankle boot" };

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	DatasetRepository datasets;

	@Autowired
	ModelVersionRepository versions;

	@Autowired
	MediaStorage storage;

	@Autowired
	JsonMapper json;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	long user() {
		return this.jdbc.queryForObject(
				"INSERT INTO app_user (username, password_hash, role) VALUES (?, 'x', 'USER') RETURNING id", Long.class,
				"zip-owner-" + System.nanoTime());
	}

	Job runToEnd(long owner, JobType type, String payload) {
		Job job = this.submission.submit(type, JobTrigger.USER, owner, payload);
		await().atMost(Duration.ofMinutes(4))
			.until(() -> this.jobs.findById(job.getId()).orElseThrow().getState().isTerminal());
		return this.jobs.findById(job.getId()).orElseThrow();
	}

	String upload(byte[] zip, String name) throws Exception {
		StoredFile stored = this.storage.write("uploads/datasets", "zip", (out) -> out.write(zip));
		return """
				{"upload":"%s","sha256":"%s","task":"fashion","name":"%s","fileName":"clothes.zip"}"""
			.formatted(stored.path(), stored.sha256(), name);
	}

	@Test
	void anUploadedZipIsImportedWithItsCountsPerClassAndATrainingOfItMakesAModelVersion() throws Exception {
		long owner = user();
		int[] perClass = { 15, 15, 15, 15, 15, 15, 15, 15, 15, 11 };
		Job imported = runToEnd(owner, JobType.IMPORT_DATASET, upload(ImageZips.zip(FOLDERS, perClass, 7), "clothes"));
		assertThat(imported.getState()).as(imported.getError()).isEqualTo(JobState.SUCCEEDED);
		Dataset dataset = this.datasets.findById(imported.getDatasetId()).orElseThrow();
		assertThat(dataset.getTask()).isEqualTo("fashion");
		assertThat(dataset.getOrigin()).isEqualTo(DatasetOrigin.UPLOAD);
		assertThat(dataset.getOwnerId()).isEqualTo(owner);
		assertThat(dataset.getName()).isEqualTo("clothes");
		assertThat(dataset.file("train").getExamples()).isEqualTo(9 * 12 + 9);
		assertThat(dataset.file("test").getExamples()).isEqualTo(9 * 3 + 2);
		JsonNode counts = this.json.readTree(dataset.getClassCounts());
		assertThat(counts.path("train").get(7).asInt()).isEqualTo(12);
		assertThat(counts.path("test").get(9).asInt()).isEqualTo(2);
		ImageSet test = ImageSet.read(this.storage.open(dataset.file("test").getPath()));
		assertThat(test.count()).isEqualTo(29);
		assertThat(test.rows()).isEqualTo(28);

		Job trained = runToEnd(owner, JobType.TRAIN,
				"""
						{"task":"fashion","datasetId":%d,"promote":"never","parameters":{"architecture":"small","epochs":3,"batchSize":16,"patience":0,"validationFraction":0}}"""
					.formatted(dataset.getId()));
		assertThat(trained.getState()).as(trained.getError()).isEqualTo(JobState.SUCCEEDED);
		assertThat(trained.getDatasetId()).isEqualTo(dataset.getId());
		ModelVersion version = this.versions.findById(trained.getModelVersionId()).orElseThrow();
		assertThat(version.getStatus()).isEqualTo(ModelStatus.READY);
		assertThat(version.getDatasetId()).isEqualTo(dataset.getId());
		// evaluated on this dataset's 29 held-out images
		JsonNode classification = this.json.readTree(version.getMetrics()).path("classification");
		assertThat(classification.path("examples").asInt()).isEqualTo(29);
		assertThat(classification.path("confusion").size()).isEqualTo(10);
	}

	@Test
	void aCorruptImageFailsTheImportNamingTheEntry() throws Exception {
		java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 12; i++) {
			entries.put("Bag/ok" + i + ".png", ImageZips.png(8, i));
		}
		entries.put("Bag/cut.png", java.util.Arrays.copyOf(ImageZips.png(8, 99), 50));
		Job imported = runToEnd(user(), JobType.IMPORT_DATASET, upload(ImageZips.zip(entries), "broken-clothes"));
		assertThat(imported.getState()).isEqualTo(JobState.FAILED);
		assertThat(imported.getError()).contains("Bag/cut.png");
		assertThat(imported.getDatasetId()).isNull();
	}

}
