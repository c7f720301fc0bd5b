package io.deepdock.core.retention;

import java.io.IOException;
import java.nio.file.Path;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.quotas.Quotas;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention against real PostgreSQL and media: a batch's results (and its upload) are
 * removed once older than {@code deepdock.retention.results} and the job is marked
 * expired; younger ones stay; the upload kept for a dead-lettered job goes after
 * {@code failed-uploads}; the image an online prediction stored counts against its
 * owner's storage until it expires after {@code prediction-images}.
 */
@SpringBootTest(properties = { "deepdock.outbox.relay-enabled=false", "deepdock.retention.results=2d",
		"deepdock.retention.failed-uploads=1d", "deepdock.retention.prediction-images=2d" })
@WithInfrastructure
class RetentionIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	Retention retention;

	@Autowired
	JobSubmission submission;

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	JobRepository jobs;

	@Autowired
	MediaStorage storage;

	@Autowired
	JdbcTemplate jdbc;

	StoredFile file(String category) throws IOException {
		return this.storage.write(category, "csv", (out) -> out.write("a,b\n1,2\n".getBytes()));
	}

	/** A batch that succeeded {@code daysAgo} days ago, with its upload and results. */
	Job succeededBatch(StoredFile input, StoredFile results, int daysAgo) {
		Job job = this.submission.submit(JobType.BATCH_PREDICT, JobTrigger.SYSTEM, null,
				"{\"input\":\"" + input.path() + "\"}", input);
		this.lifecycle.start(job.getId(), "test-worker");
		this.lifecycle.succeed(job.getId(),
				"{\"results\":\"" + results.path() + "\",\"resultsSize\":" + results.size() + "}");
		this.jdbc.update("UPDATE job SET finished_at = now() - make_interval(days => ?) WHERE id = ?", daysAgo,
				job.getId());
		return job;
	}

	@Test
	void resultsOlderThanTheRetentionAreRemovedAndTheJobMarkedExpired() throws Exception {
		StoredFile oldInput = file("batches/toxicity");
		StoredFile oldResults = file("results/toxicity");
		Job old = succeededBatch(oldInput, oldResults, 3);
		StoredFile newInput = file("batches/toxicity");
		StoredFile newResults = file("results/toxicity");
		Job recent = succeededBatch(newInput, newResults, 1);

		assertThat(this.retention.expireResults()).isGreaterThanOrEqualTo(1);

		assertThat(this.storage.exists(oldResults.path())).isFalse();
		assertThat(this.storage.exists(oldInput.path())).isFalse();
		Job expired = this.jobs.findById(old.getId()).orElseThrow();
		assertThat(expired.getResultExpiredAt()).isNotNull();
		assertThat(expired.getUploadRemovedAt()).isNotNull();
		assertThat(this.storage.exists(newResults.path())).isTrue();
		assertThat(this.storage.exists(newInput.path())).isTrue();
		assertThat(this.jobs.findById(recent.getId()).orElseThrow().getResultExpiredAt()).isNull();
	}

	@Autowired
	Quotas quotas;

	@Autowired
	ModelRegistry registry;

	@Test
	void anOnlinePredictionsImageCountsAgainstItsOwnersStorageUntilRetentionRemovesItAndKeepsTheRow() throws Exception {
		long owner = this.jdbc.queryForObject("INSERT INTO app_user (username, password_hash, role) "
				+ "VALUES ('retention-' || gen_random_uuid(), 'x', 'USER') RETURNING id", Long.class);
		long model = this.registry.register("digits", null, null, "{}").getId();
		StoredFile oldImage = this.storage.write("uploads/digits", "png", (out) -> out.write(new byte[1000]));
		StoredFile newImage = this.storage.write("uploads/digits", "png", (out) -> out.write(new byte[300]));
		long old = prediction(owner, model, oldImage, 3);
		long recent = prediction(owner, model, newImage, 1);
		assertThat(this.quotas.storageUsed(owner)).isEqualTo(1300);

		assertThat(this.retention.expirePredictionImages()).isGreaterThanOrEqualTo(1);

		assertThat(this.storage.exists(oldImage.path())).isFalse();
		assertThat(this.storage.exists(newImage.path())).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT input_expired_at IS NOT NULL FROM prediction WHERE id = ?",
				Boolean.class, old))
			.as("the row stays, marked")
			.isTrue();
		assertThat(this.jdbc.queryForObject("SELECT input_expired_at IS NULL FROM prediction WHERE id = ?",
				Boolean.class, recent))
			.isTrue();
		assertThat(this.quotas.storageUsed(owner)).isEqualTo(300);
	}

	/**
	 * An online prediction (no job) that stored {@code image} {@code daysAgo} days ago.
	 */
	private long prediction(long owner, long model, StoredFile image, int daysAgo) {
		return this.jdbc.queryForObject("""
				INSERT INTO prediction (task, owner_id, model_version_id, input_path, input_bytes, label, probabilities,
				                        latency_micros, created_at)
				VALUES ('digits', ?, ?, ?, ?, '7', '{"7":1.0}', 1000, now() - make_interval(days => ?)) RETURNING id""",
				Long.class, owner, model, image.path(), image.size(), daysAgo);
	}

	@Test
	void theUploadKeptForADeadLetteredJobIsRemovedAfterItsGracePeriod() throws Exception {
		StoredFile kept = file("uploads/datasets");
		Job job = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.SYSTEM, null,
				"{\"upload\":\"" + kept.path() + "\"}", kept);
		this.lifecycle.start(job.getId(), "test-worker");
		this.lifecycle.deadLettered(job.getId(), "failed after 3 attempts: parser crashed");
		this.retention.removeStaleUploads();
		assertThat(this.storage.exists(kept.path())).as("within the grace period").isTrue();

		this.jdbc.update("UPDATE job SET finished_at = now() - interval '2 days' WHERE id = ?", job.getId());
		this.retention.removeStaleUploads();

		assertThat(this.storage.exists(kept.path())).isFalse();
		assertThat(this.jobs.findById(job.getId()).orElseThrow().getUploadRemovedAt()).isNotNull();
	}

}
