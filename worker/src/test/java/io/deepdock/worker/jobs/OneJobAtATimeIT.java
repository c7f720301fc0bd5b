package io.deepdock.worker.jobs;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobReaper;
import java.time.Duration;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.worker.WorkerFixtures;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.worker.BarDigits;
import io.deepdock.worker.DigitsSourceIT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker runs one training at a time and holds no second training message while it
 * does: a training submitted while one worker trains goes to the idle one at once (short
 * jobs have their own lane, see {@code ShortLaneIT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.jobs.consume=false", "deepdock.sources.mnist.expected-count=200" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
@BarDigits(perDigit = 20, seed = 13)
// closed after the class: its outbox relay would keep publishing while later classes run
@DirtiesContext
class OneJobAtATimeIT extends DigitsSourceIT {

	static ConfigurableApplicationContext worker(String name) {
		return WorkerFixtures.startWorker(name, sources, 200);
	}

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobLifecycle lifecycle;

	Job job(long id) {
		return this.jobs.findById(id).orElseThrow();
	}

	@Test
	void aTrainingSubmittedWhileOneWorkerTrainsRunsOnTheIdleWorkerNotBehindTheFirst() {
		try (ConfigurableApplicationContext busy = worker("worker-busy")) {
			Job training = this.submission.submit(JobType.TRAIN, JobTrigger.USER, null, """
					{"task":"digits","promote":"never","parameters":{"architecture":"lenet","epochs":200,"batchSize":8,
					 "patience":0,"validationFraction":0}}""");
			await().atMost(Duration.ofMinutes(3)).until(() -> job(training.getId()).getState() == JobState.RUNNING);
			try (ConfigurableApplicationContext idle = worker("worker-idle")) {
				Job second = this.submission.submit(JobType.TRAIN, JobTrigger.USER, null,
						"""
								{"task":"digits","promote":"never","parameters":{"architecture":"small","epochs":1,"batchSize":16,
								 "patience":0,"validationFraction":0}}""");
				Job imported = this.submission.submit(JobType.IMPORT_DATASET, JobTrigger.USER, null,
						"{\"dataset\":\"digits\"}");
				await().atMost(Duration.ofMinutes(2))
					.until(() -> job(second.getId()).getState().isTerminal()
							&& job(imported.getId()).getState().isTerminal());
				assertThat(job(second.getId()).getState()).as(job(second.getId()).getError())
					.isEqualTo(JobState.SUCCEEDED);
				assertThat(job(second.getId()).getWorker()).as("the busy worker's training lane held no second message")
					.isEqualTo("worker-idle");
				assertThat(job(imported.getId()).getState()).as(job(imported.getId()).getError())
					.isEqualTo(JobState.SUCCEEDED);
				assertThat(job(training.getId()).getState()).as("the training still runs on its own")
					.isEqualTo(JobState.RUNNING);
				assertThat(job(training.getId()).getWorker()).isEqualTo("worker-busy");
			}
			finally {
				this.lifecycle.requestCancel(training.getId());
			}
			await().atMost(Duration.ofMinutes(1)).until(() -> job(training.getId()).getState().isTerminal());
			assertThat(job(training.getId()).getState()).isEqualTo(JobState.CANCELLED);
		}
	}

}
