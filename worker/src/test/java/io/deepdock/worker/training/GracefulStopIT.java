package io.deepdock.worker.training;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobReaper;
import java.time.Duration;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgressRepository;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.models.ModelStatus;
import io.deepdock.core.models.ModelVersionRepository;
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
 * A worker that is stopped mid-training (SIGTERM, a rolling update) hands its job back,
 * and another worker resumes it from the last epoch checkpoint to exactly one model
 * version. The test context itself takes no jobs: the two workers are separate
 * application contexts on the same PostgreSQL, broker and media.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.jobs.consume=false", "deepdock.sources.mnist.expected-count=200" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
@BarDigits(perDigit = 20, seed = 3)
// closed after the class: its outbox relay would keep publishing while later classes run
@DirtiesContext
class GracefulStopIT extends DigitsSourceIT {

	static ConfigurableApplicationContext worker(String name) {
		return WorkerFixtures.startWorker(name, sources, 200);
	}

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobProgressRepository progress;

	@Autowired
	ModelVersionRepository versions;

	long epochsRecorded(long jobId) {
		return this.progress.findByJobIdOrderByIdAsc(jobId).stream().filter((p) -> "epoch".equals(p.getKind())).count();
	}

	@Test
	void stoppedWorkerHandsItsJobBackAndAnotherResumesItToOneVersion() {
		ConfigurableApplicationContext first = worker("worker-first");
		Job job = this.submission.submit(JobType.TRAIN, JobTrigger.USER, null, """
				{"task":"digits","parameters":{"architecture":"small","epochs":20,"batchSize":8,"augmentation":true}}
				""");
		await().atMost(Duration.ofMinutes(3)).until(() -> epochsRecorded(job.getId()) >= 2);
		first.close();
		Job handedBack = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(handedBack.getState()).as(handedBack.getError()).isEqualTo(JobState.QUEUED);
		assertThat(handedBack.getError()).contains("handed back");
		assertThat(media.resolve("checkpoints/job-" + job.getId() + ".bin")).exists();
		long epochsBefore = epochsRecorded(job.getId());
		assertThat(epochsBefore).isLessThan(20);

		ConfigurableApplicationContext second = worker("worker-second");
		try {
			await().atMost(Duration.ofMinutes(5))
				.until(() -> this.jobs.findById(job.getId()).orElseThrow().getState().isTerminal());
		}
		finally {
			second.close();
		}
		Job done = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		assertThat(done.getWorker()).isEqualTo("worker-second");
		assertThat(done.getAttempts()).isEqualTo(2);
		// resumed, not restarted: the 20 epochs are recorded once each (the interrupted
		// partial epoch is redone)
		assertThat(epochsRecorded(job.getId())).isEqualTo(20);
		// exactly one model version came of it, and it is usable
		assertThat(this.versions.findByTaskOrderByVersionDesc("digits"))
			.filteredOn((v) -> !v.getCreatedAt().isBefore(job.getCreatedAt()))
			.singleElement()
			.satisfies((v) -> {
				assertThat(v.getId()).isEqualTo(done.getModelVersionId());
				assertThat(v.getStatus()).isIn(ModelStatus.READY, ModelStatus.ACTIVE);
			});
	}

}
