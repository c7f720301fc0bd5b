package io.deepdock.scheduler.bootstrap;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.data.domain.Sort;

import java.nio.file.Path;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh platform queues the training of each built-in task once, and never twice while
 * it runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@WithInfrastructure
// closed after the class: a cached context would keep holding the leadership lease, and
// the next
// class's scheduler would stand by
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelBootstrapIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	ModelBootstrap bootstrap;

	@Autowired
	JobRepository jobs;

	long systemTrainings(String task) {
		return this.jobs.findAll()
			.stream()
			.filter((j) -> j.getType() == JobType.TRAIN && j.getTrigger() == JobTrigger.SYSTEM
					&& j.getPayload().contains("\"" + task + "\""))
			.count();
	}

	@Test
	@Order(1)
	void queuesEachMissingModelsTrainingOnceAtStartAndNotAgainWhileItIsUnderWay() {
		// the leader queued them when the application became ready: a quick one and the
		// full one per task
		assertThat(systemTrainings("digits")).isEqualTo(2);
		assertThat(systemTrainings("fashion")).isEqualTo(2);
		assertThat(this.bootstrap.queueMissingTrainings()).isEmpty();
		assertThat(systemTrainings("digits")).isEqualTo(2);
	}

	/**
	 * The first model is servable soon after a fresh start: every task's quick training
	 * (a small network, promoted when done) comes before any full training, which is a
	 * challenger promoted only if it wins.
	 */
	@Test
	@Order(2)
	void quickTrainingsOfEveryTaskComeFirstAndAreServedThenTheFullOnesChallengeThem() {
		List<JsonNode> queued = this.jobs.findAll(Sort.by("id"))
			.stream()
			.filter((j) -> j.getType() == JobType.TRAIN && j.getTrigger() == JobTrigger.SYSTEM)
			.map((j) -> this.json.readTree(j.getPayload()))
			.toList();
		assertThat(queued).hasSize(4);
		for (JsonNode quick : queued.subList(0, 2)) {
			assertThat(quick.at("/parameters/architecture").asString()).isEqualTo("small");
			assertThat(quick.at("/parameters/epochs").asInt()).isBetween(1, 3);
			assertThat(quick.get("promote").asString()).isEqualTo("if-none");
		}
		for (JsonNode full : queued.subList(2, 4)) {
			assertThat(full.get("parameters")).as("the task's defaults").isNull();
			assertThat(full.get("promote").asString()).isEqualTo("challenger");
		}
		assertThat(queued).extracting((payload) -> payload.get("task").asString())
			.containsExactly("digits", "fashion", "digits", "fashion");
	}

	final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ModelRegistry registry;

	@Test
	@Order(3)
	void aUsersVersionOrTrainingDoesNotKeepThePlatformFromTrainingItsOwnModel() {
		// the platform's digits training ended without a model (say it was cancelled)
		this.jdbc.update("UPDATE job SET state = 'CANCELLED' WHERE owner_id IS NULL AND payload->>'task' = 'digits'");
		long user = this.jdbc.queryForObject(
				"INSERT INTO app_user (username, password_hash, role) VALUES (?, 'x', 'USER') RETURNING id", Long.class,
				"bootstrap-user-" + System.nanoTime());
		// a user's training under way, and the version another of theirs is making: never
		// promoted by themselves, so they must not stand in for the platform's model
		this.jobs.save(new Job(JobType.TRAIN, JobTrigger.USER, user, "{\"task\":\"digits\"}"));
		Job earlier = this.jobs.save(new Job(JobType.TRAIN, JobTrigger.USER, user, "{\"task\":\"digits\"}"));
		long version = this.registry.register("digits", null, null, "{}").getId();
		this.jdbc.update("UPDATE job SET state = 'RUNNING', model_version_id = ? WHERE id = ?", version,
				earlier.getId());

		assertThat(this.bootstrap.queueMissingTrainings()).containsExactly("digits");
		assertThat(systemTrainings("digits")).as("a quick and a full training again").isEqualTo(4);
		assertThat(this.bootstrap.queueMissingTrainings()).isEmpty();
	}

}
