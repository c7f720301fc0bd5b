package io.deepdock.worker.training;

import org.springframework.context.annotation.Import;
import io.deepdock.core.jobs.JobReaper;
import java.time.Duration;
import java.util.List;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgressRepository;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelStatus;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.core.models.ModelVersionRepository;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.worker.BarDigits;
import io.deepdock.worker.DigitsSourceIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RETRAIN on a worker: the base dataset plus the corrections users gave (each learnt
 * once), then champion against challenger on the same test split, with the decision
 * recorded on the challenger either way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "deepdock.replica=retrainer-it", "deepdock.sources.mnist.expected-count=100" })
// the beans of core that the web or the scheduler runs, which these tests use to submit
// and reap jobs
@Import({ JobSubmission.class, JobReaper.class })
@WithInfrastructure
@DirtiesContext
@BarDigits(perDigit = 10, seed = 11)
class RetrainJobIT extends DigitsSourceIT {

	static final String SMALL = TrainingFixtures.small(1);

	@Autowired
	JobSubmission submission;

	@Autowired
	JobRepository jobs;

	@Autowired
	JobProgressRepository progress;

	@Autowired
	ModelVersionRepository versions;

	@Autowired
	ModelRegistry registry;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	Job runToEnd(JobType type, String payload) {
		Job done = TrainingFixtures.runToEnd(this.submission, this.jobs, type,
				(type == JobType.RETRAIN) ? JobTrigger.SCHEDULE : JobTrigger.USER, null, payload,
				Duration.ofMinutes(3));
		assertThat(done.getState()).as(done.getError()).isEqualTo(JobState.SUCCEEDED);
		return done;
	}

	ModelVersion champion() {
		return this.registry.active("digits").orElseGet(() -> {
			Job first = runToEnd(JobType.TRAIN, "{\"task\":\"digits\"," + SMALL + "}");
			return this.versions.findById(first.getModelVersionId()).orElseThrow();
		});
	}

	/** A prediction of the champion that a user corrected to {@code label}. */
	long correction(ModelVersion champion, String label) {
		return TrainingFixtures.correction(this.jdbc, champion.getId(), null, label);
	}

	JsonNode decision(Job job) {
		ModelVersion challenger = this.versions.findById(job.getModelVersionId()).orElseThrow();
		return this.json.readTree(challenger.getDecision());
	}

	@Test
	void aChallengerThatMeetsTheMinimumImprovementReplacesTheChampionAndLearnsEachCorrectionOnce() {
		ModelVersion champion = champion();
		List<Long> corrections = List.of(correction(champion, "3"), correction(champion, "7"));
		Job retrain = runToEnd(JobType.RETRAIN, """
				{"task":"digits","promote":"challenger","minImprovement":-1,"feedback":true,%s}""".formatted(SMALL));
		ModelVersion challenger = this.versions.findById(retrain.getModelVersionId()).orElseThrow();
		assertThat(challenger.getStatus()).isEqualTo(ModelStatus.ACTIVE);
		assertThat(this.versions.findById(champion.getId()).orElseThrow().getStatus()).isEqualTo(ModelStatus.RETIRED);
		JsonNode decision = decision(retrain);
		assertThat(decision.path("promoted").asBoolean()).isTrue();
		assertThat(decision.path("championId").asLong()).isEqualTo(champion.getId());
		assertThat(decision.path("championScore").isNumber()).isTrue();
		assertThat(decision.path("reason").asString()).startsWith("promoted: accuracy");
		JsonNode result = this.json.readTree(retrain.getResult());
		assertThat(result.path("corrections").asInt()).isGreaterThanOrEqualTo(2);
		for (long id : corrections) {
			assertThat(this.jdbc.queryForObject("SELECT used_in_job_id FROM prediction WHERE id = ?", Long.class, id))
				.isEqualTo(retrain.getId());
		}
		assertThat(this.progress.findByJobIdOrderByIdAsc(retrain.getId()))
			.anyMatch((p) -> "feedback".equals(p.getKind()));
		// how long it waited for a worker and how long it ran are measured
		assertThat(this.meters.get("deepdock.jobs.queue.wait").tag("type", "RETRAIN").timer().count()).isPositive();
		assertThat(this.meters.get("deepdock.jobs.run.time")
			.tag("type", "RETRAIN")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isPositive();

		// the next retraining has no new corrections to learn
		Job next = runToEnd(JobType.RETRAIN, """
				{"task":"digits","promote":"challenger","minImprovement":-1,%s}""".formatted(SMALL));
		assertThat(this.json.readTree(next.getResult()).path("corrections").asInt()).isZero();
		for (long id : corrections) {
			assertThat(this.jdbc.queryForObject("SELECT used_in_job_id FROM prediction WHERE id = ?", Long.class, id))
				.isEqualTo(retrain.getId());
		}
	}

	@Test
	void aChallengerThatMissesTheMinimumImprovementLeavesTheChampionActiveWithTheDecisionRecorded() {
		ModelVersion champion = champion();
		// no accuracy can beat another's by more than 1
		Job retrain = runToEnd(JobType.RETRAIN, """
				{"task":"digits","minImprovement":1,%s}""".formatted(SMALL));
		ModelVersion challenger = this.versions.findById(retrain.getModelVersionId()).orElseThrow();
		assertThat(challenger.getStatus()).isEqualTo(ModelStatus.READY);
		assertThat(this.registry.active("digits").orElseThrow().getId()).isEqualTo(champion.getId());
		assertThat(challenger.getParentId()).isEqualTo(champion.getId());
		JsonNode decision = decision(retrain);
		assertThat(decision.path("policy").asString()).isEqualTo("challenger");
		assertThat(decision.path("promoted").asBoolean()).isFalse();
		assertThat(decision.path("minImprovement").asDouble()).isEqualTo(1.0);
		assertThat(decision.path("reason").asString()).startsWith("kept the champion: accuracy")
			.contains("misses the minimum improvement");
		assertThat(this.json.readTree(retrain.getResult()).path("promoted").asBoolean()).isFalse();
	}

}
