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
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.models.ModelStatus;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.models.ModelVersionRepository;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.worker.BarDigits;
import io.deepdock.worker.DigitsSourceIT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A TRAIN job on a worker, through a real broker and PostgreSQL: the dataset from media,
 * progress per epoch, an artifact with its checksum, a registered version (promoted,
 * since the task had none).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.replica=trainer-it", "deepdock.sources.mnist.expected-count=100" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
// closed after the class: a cached context would keep consuming jobs meant for the next
// test class's workers
@DirtiesContext
@BarDigits(perDigit = 10, seed = 7)
class TrainJobIT extends DigitsSourceIT {

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobProgressRepository progress;

	@Autowired
	ModelVersionRepository versions;

	@Autowired
	MediaStorage storage;

	Job runToEnd(JobType type, String payload) {
		Job job = this.submission.submit(type, JobTrigger.USER, null, payload);
		await().atMost(Duration.ofMinutes(3))
			.until(() -> this.jobs.findById(job.getId()).orElseThrow().getState().isTerminal());
		return this.jobs.findById(job.getId()).orElseThrow();
	}

	@Test
	void trainingImportsTheBuiltinDatasetRegistersAVerifiedVersionAndPromotesTheFirstOne() throws Exception {
		// no import first: a built-in task's training imports its dataset when there is
		// none; the version is promoted only when the task had no champion yet (another
		// test class in this JVM may have made one)
		boolean hadChampion = this.versions.findByTaskAndStatus("digits", ModelStatus.ACTIVE).isPresent();
		Job done = runToEnd(JobType.TRAIN,
				"""
						{"task":"digits","parameters":{"architecture":"small","epochs":2,"batchSize":16,"patience":0,"validationFraction":0}}
						""");
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		assertThat(done.getModelVersionId()).isNotNull();
		assertThat(done.getDatasetId()).isNotNull();
		ModelVersion version = this.versions.findById(done.getModelVersionId()).orElseThrow();
		assertThat(version.getStatus()).isEqualTo(hadChampion ? ModelStatus.READY : ModelStatus.ACTIVE);
		assertThat(version.getTask()).isEqualTo("digits");
		assertThat(version.getMetrics()).contains("accuracy");
		assertThat(this.storage.sha256Of(version.getArtifactPath())).isEqualTo(version.getArtifactSha256());
		assertThat(this.progress.findByJobIdOrderByIdAsc(done.getId())).filteredOn((p) -> "epoch".equals(p.getKind()))
			.hasSize(2);
		assertThat(done.getResult()).contains("\"promoted\": " + !hadChampion);
		assertThat(this.storage.exists("checkpoints/job-" + done.getId() + ".bin")).isFalse();
	}

	@Autowired
	TrainingJob training;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	@Autowired
	tools.jackson.databind.json.JsonMapper json;

	@Test
	void aTrainingRedeliveredAfterItsVersionWasReadyFinishesTheJobWithThatVersionWithoutTrainingAgain()
			throws Exception {
		Job done = runToEnd(JobType.TRAIN,
				"""
						{"task":"digits","parameters":{"architecture":"small","epochs":2,"batchSize":16,"patience":0,"validationFraction":0},"promote":"never"}
						""");
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		long versionId = done.getModelVersionId();
		// the worker died right after the version was marked READY: no decision yet, the
		// job not ended; the broker hands it to another worker, which runs it again
		this.jdbc.update("UPDATE model_version SET decision = NULL WHERE id = ?", versionId);
		long versions = this.versions.count();
		tools.jackson.databind.JsonNode again = this.json
			.readTree(this.training.run(this.jobs.findById(done.getId()).orElseThrow()));
		assertThat(again.path("modelVersionId").asLong()).isEqualTo(versionId);
		assertThat(again.path("epochs").asInt()).isEqualTo(2);
		assertThat(again.path("promoted").asBoolean()).isFalse();
		assertThat(again.path("score").asDouble()).isGreaterThan(0);
		assertThat(this.versions.count()).isEqualTo(versions);
		ModelVersion version = this.versions.findById(versionId).orElseThrow();
		assertThat(version.getStatus()).isEqualTo(ModelStatus.READY);
		assertThat(version.getDecision()).contains("never");
		// not trained again: the two epochs of the first attempt only
		assertThat(this.progress.findByJobIdOrderByIdAsc(done.getId())).filteredOn((p) -> "epoch".equals(p.getKind()))
			.hasSize(2);
	}

	@Test
	void outOfRangeParametersFailTheJobNamingTheField() {
		Job done = runToEnd(JobType.TRAIN, "{\"task\":\"digits\",\"parameters\":{\"epochs\":100000}}");
		assertThat(done.getState()).isEqualTo(JobState.FAILED);
		assertThat(done.getError()).contains("epochs");
	}

	@Test
	void unknownTaskFailsTheJob() {
		Job done = runToEnd(JobType.TRAIN, "{\"task\":\"cifar\"}");
		assertThat(done.getState()).isEqualTo(JobState.FAILED);
		assertThat(done.getError()).contains("task").contains("cifar");
	}

}
