package io.deepdock.worker.training;

import org.springframework.context.annotation.Import;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgress;
import io.deepdock.core.jobs.JobProgressRepository;
import io.deepdock.core.jobs.JobReaper;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.models.ModelVersionRepository;
import io.deepdock.worker.WorkerFixtures;
import io.deepdock.embedded.test.TestInfrastructure;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of a worker process in the middle of a training: the other worker
 * process takes the job over once its lease expires, resumes from the last epoch
 * checkpoint and finishes it, with exactly one model version. The two workers are real
 * processes started from the packaged jar; this test's own context consumes nothing and
 * plays the scheduler's part, running the reaper.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.replica=crash-it-observer", "deepdock.jobs.consume=false", "deepdock.jobs.lease=6s",
				"deepdock.jobs.heartbeat=1s" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
@DirtiesContext
class WorkerCrashIT {

	static final int PER_DIGIT = 150;

	static Path media = io.deepdock.worker.WorkerTestMedia.dir();

	@TempDir
	static Path sources;

	@TempDir
	static Path logs;

	static final List<Process> workers = new ArrayList<>();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
		registry.add("deepdock.sources.mnist.dir", () -> sources.resolve("mnist").toString());
		registry.add("deepdock.sources.mnist.expected-count", () -> String.valueOf(PER_DIGIT * 10));
	}

	@BeforeAll
	static void writeDigits() throws Exception {
		WorkerFixtures.writeBarDigits(sources, PER_DIGIT, 2, 5);
	}

	@AfterAll
	static void stopWorkers() {
		workers.forEach(Process::destroyForcibly);
	}

	static Process startWorker(String name) throws IOException {
		TestInfrastructure.Endpoints endpoints = TestInfrastructure.get();
		Path jar = Path.of("target/deepdock-worker.jar").toAbsolutePath();
		assertThat(jar).as("the packaged worker (failsafe runs after package)").exists();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-jar", jar.toString(),
				"--deepdock.replica=" + name, "--server.port=0", "--spring.datasource.url=" + endpoints.jdbcUrl(),
				"--spring.datasource.username=" + endpoints.user(),
				"--spring.datasource.password=" + endpoints.password(),
				"--spring.rabbitmq.addresses=" + endpoints.amqpUri(),
				"--deepdock.amqp.namespace=" + endpoints.amqpNamespace(), "--deepdock.media.dir=" + media,
				"--deepdock.sources.mnist.dir=" + sources.resolve("mnist"),
				"--deepdock.sources.mnist.expected-count=" + (PER_DIGIT * 10), "--deepdock.jobs.lease=6s",
				"--deepdock.jobs.heartbeat=1s"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(logs.resolve(name + ".log").toFile());
		builder.environment().put("OMP_NUM_THREADS", "1");
		Process process = builder.start();
		workers.add(process);
		return process;
	}

	static String log(String name) throws IOException {
		return Files.readString(logs.resolve(name + ".log"));
	}

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobProgressRepository progress;

	@Autowired
	ModelVersionRepository versions;

	@Autowired
	JobReaper reaper;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MediaStorage storage;

	@Test
	void aKilledWorkersTrainingIsResumedByTheOtherWorkerFromItsLastCheckpointToOneVersion() throws Exception {
		Process a = startWorker("crash-a");
		Process b = startWorker("crash-b");
		// two more JVMs beside this one: on a busy 2-core machine their start alone has
		// taken over 3 minutes
		await().atMost(Duration.ofMinutes(6))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> log("crash-a").contains("Started WorkerApplication")
					&& log("crash-b").contains("Started WorkerApplication"));
		long versionsBefore = this.versions.count();
		Job job = this.submission.submit(JobType.TRAIN, JobTrigger.USER, null, """
				{"task":"digits","promote":"never","parameters":{"architecture":"lenet","epochs":3,"batchSize":16,
				 "patience":0,"validationFraction":0,"augmentation":false}}""");
		// the first epoch's checkpoint is written before its progress point
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> epochs(job.getId()).size() >= 1);
		Job running = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(running.getState()).isEqualTo(JobState.RUNNING);
		assertThat(epochs(job.getId())).as("killed in the middle of the training").hasSizeLessThan(3);
		String victim = running.getWorker();
		Process killed = victim.equals("crash-a") ? a : b;
		String survivor = victim.equals("crash-a") ? "crash-b" : "crash-a";
		// kill -9: no shutdown hook, no hand-back, the delivery is left unacknowledged
		killed.destroyForcibly().waitFor();
		assertThat(this.storage.exists("checkpoints/job-" + job.getId() + ".bin")).isTrue();

		// the scheduler's part: reap expired leases until the survivor has finished
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			this.reaper.reapExpiredLeases();
			return this.jobs.findById(job.getId()).orElseThrow().getState().isTerminal();
		});
		Job done = this.jobs.findById(job.getId()).orElseThrow();
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		assertThat(done.getWorker()).isEqualTo(survivor);
		assertThat(this.versions.count()).isEqualTo(versionsBefore + 1);
		ModelVersion version = this.versions.findById(done.getModelVersionId()).orElseThrow();
		assertThat(version.getArtifactSha256()).isEqualTo(this.storage.sha256Of(version.getArtifactPath()));
		// every epoch ran to the end once: the survivor resumed after the checkpointed
		// one rather than starting again
		assertThat(epochs(job.getId())).containsExactly(1, 2, 3);
		assertThat(log(survivor)).contains("resuming digits from checkpoint");
		assertThat(this.jdbc.queryForList("SELECT message FROM job_progress WHERE job_id = ? AND kind = 'state'",
				String.class, job.getId()))
			.anyMatch((m) -> m.contains("started on " + survivor));
	}

	List<Integer> epochs(long jobId) {
		return this.progress.findByJobIdOrderByIdAsc(jobId)
			.stream()
			.filter((p) -> "epoch".equals(p.getKind()))
			.map(JobProgress::getEpoch)
			.toList();
	}

}
