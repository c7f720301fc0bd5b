package io.deepdock.worker.imports;

import org.springframework.context.annotation.Import;
import java.time.Duration;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.worker.BarDigits;
import io.deepdock.worker.DigitsSourceIT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A training submitted on a dataset that is still being imported waits for that import
 * (QUEUED, holding no worker) and then trains on the dataset it made; if the import
 * fails, the training fails and never trains on another dataset instead. The leading
 * scheduler's part (dispatching a job whose wait is over) is played here by calling the
 * reaper.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.replica=import-wait-it", "deepdock.sources.mnist.expected-count=200",
				"deepdock.bootstrap.train-missing=false", "deepdock.jobs.initial-backoff=500ms" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
@DirtiesContext
@BarDigits(perDigit = 20, seed = 13)
class TrainAfterImportIT extends DigitsSourceIT {

	static final String QUICK = """
			"parameters":{"architecture":"small","epochs":1,"batchSize":16,"patience":0,"validationFraction":0}""";

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	JobReaper reaper;

	@Autowired
	JdbcTemplate jdbc;

	Job job(long id) {
		return this.jobs.findById(id).orElseThrow();
	}

	/** Waits for the job to end, dispatching it whenever its wait is over. */
	Job awaitEnd(long id) {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
			this.reaper.dispatchDueJobs();
			return job(id).getState().isTerminal();
		});
		return job(id);
	}

	@Test
	void aTrainingWaitsForTheImportOfItsDatasetThenTrainsOnIt() {
		// an import that no worker has taken yet (no message: it stays queued until the
		// test lets it go)
		Job importing = this.jobs
			.save(new Job(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{\"dataset\":\"digits\",\"name\":\"bars\"}"));
		Job training = this.submission.submit(JobType.TRAIN, JobTrigger.USER, null,
				"{\"task\":\"digits\",\"promote\":\"never\",\"importJobId\":" + importing.getId() + "," + QUICK + "}");

		await().atMost(Duration.ofMinutes(2)).until(() -> job(training.getId()).getNotBefore() != null);
		Job waiting = job(training.getId());
		assertThat(waiting.getState()).isEqualTo(JobState.QUEUED);
		assertThat(waiting.getError()).isEqualTo("the import of dataset 'bars' (job " + importing.getId() + ")");
		assertThat(waiting.getAttempts()).as("waiting is not an attempt").isZero();
		assertThat(waiting.getDatasetId()).as("no other dataset stands in for it").isNull();

		// the import is let go now (the reaper dispatches it), and makes the dataset
		this.jdbc.update("UPDATE job SET not_before = now() WHERE id = ?", importing.getId());
		Job imported = awaitEnd(importing.getId());
		assertThat(imported.getState()).as(imported.getError()).isEqualTo(JobState.SUCCEEDED);

		Job trained = awaitEnd(training.getId());
		assertThat(trained.getState()).as(trained.getError()).isEqualTo(JobState.SUCCEEDED);
		assertThat(trained.getDatasetId()).isEqualTo(imported.getDatasetId());
	}

	@Test
	void aTrainingWhoseImportFailedFailsRatherThanTrainOnAnotherDataset() {
		Job importing = this.jobs.save(
				new Job(JobType.IMPORT_DATASET, JobTrigger.USER, null, "{\"dataset\":\"digits\",\"name\":\"broken\"}"));
		Job training = this.submission.submit(JobType.TRAIN, JobTrigger.USER, null,
				"{\"task\":\"digits\",\"promote\":\"never\",\"importJobId\":" + importing.getId() + "," + QUICK + "}");
		await().atMost(Duration.ofMinutes(2)).until(() -> job(training.getId()).getNotBefore() != null);

		this.lifecycle.fail(importing.getId(), "not a zip file");

		Job failed = awaitEnd(training.getId());
		assertThat(failed.getState()).isEqualTo(JobState.FAILED);
		assertThat(failed.getError()).contains("Nothing was trained")
			.contains("the import of dataset 'broken' (job " + importing.getId() + ") ended failed (not a zip file)");
		assertThat(failed.getDatasetId()).isNull();
	}

}
