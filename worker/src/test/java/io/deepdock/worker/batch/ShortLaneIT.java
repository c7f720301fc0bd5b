package io.deepdock.worker.batch;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobReaper;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.deepdock.core.batch.BatchFormat;
import io.deepdock.core.contracts.BatchRequest;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.worker.BarDigits;
import io.deepdock.worker.DigitsSourceIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Short work never waits behind long work: with one worker busy on a long training, a
 * batch prediction and a dataset import submitted after it run on the same worker's short
 * lane and finish while the training still runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.replica=lane-it", "deepdock.sources.mnist.expected-count=200",
				"deepdock.bootstrap.train-missing=false" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
// closed after the class: a cached context would keep consuming jobs meant for the next
// test class's workers
@DirtiesContext
@BarDigits(perDigit = 20, seed = 13)
class ShortLaneIT extends DigitsSourceIT {

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	MediaStorage storage;

	final JsonMapper json = JsonMapper.builder().build();

	Job job(long id) {
		return this.jobs.findById(id).orElseThrow();
	}

	@Test
	void aBatchAndAnImportFinishOnTheSameWorkerWhileALongTrainingRuns() throws Exception {
		// a model to predict with (promoted unless the task already serves one)
		Job quick = this.submission.submit(JobType.TRAIN, JobTrigger.SYSTEM, null, """
				{"task":"digits","promote":"if-none","parameters":{"architecture":"small","epochs":1,"batchSize":16,
				 "patience":0,"validationFraction":0}}""");
		await().atMost(Duration.ofMinutes(3)).until(() -> job(quick.getId()).getState().isTerminal());
		assertThat(job(quick.getId()).getState()).as(job(quick.getId()).getError()).isEqualTo(JobState.SUCCEEDED);

		Job training = this.submission.submit(JobType.TRAIN, JobTrigger.USER, null, """
				{"task":"digits","promote":"never","parameters":{"architecture":"lenet","epochs":200,"batchSize":8,
				 "patience":0,"validationFraction":0}}""");
		try {
			await().atMost(Duration.ofMinutes(3)).until(() -> job(training.getId()).getState() == JobState.RUNNING);
			StoredFile zip = this.storage.write("batches/digits", "zip", ShortLaneIT::writeNineDigits);
			Job batch = this.submission.submit(JobType.BATCH_PREDICT, JobTrigger.USER, null,
					this.json.writeValueAsString(new BatchRequest("digits", BatchFormat.ZIP, zip.path(), "nine.zip",
							zip.size(), zip.sha256(), 9)));
			Job imported = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, null,
					"{\"dataset\":\"digits\"}");

			await().atMost(Duration.ofMinutes(2))
				.until(() -> job(batch.getId()).getState().isTerminal()
						&& job(imported.getId()).getState().isTerminal());

			for (Job shortJob : new Job[] { job(batch.getId()), job(imported.getId()) }) {
				assertThat(shortJob.getState()).as(shortJob.getError()).isEqualTo(JobState.SUCCEEDED);
				assertThat(shortJob.getWorker()).as("the one worker, beside its training").isEqualTo("lane-it");
			}
			assertThat(job(training.getId()).getState()).as("the training still runs").isEqualTo(JobState.RUNNING);
			assertThat(job(training.getId()).getWorker()).isEqualTo("lane-it");
		}
		finally {
			this.lifecycle.requestCancel(training.getId());
		}
		await().atMost(Duration.ofMinutes(1)).until(() -> job(training.getId()).getState().isTerminal());
		assertThat(job(training.getId()).getState()).isEqualTo(JobState.CANCELLED);
	}

	static void writeNineDigits(OutputStream out) throws IOException {
		ZipOutputStream zip = new ZipOutputStream(out);
		for (int i = 0; i < 9; i++) {
			zip.putNextEntry(new ZipEntry(i + ".png"));
			zip.write(RenderedDigits.png(i, 9));
		}
		zip.finish();
	}

}
