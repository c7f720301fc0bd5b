package io.deepdock.core.schedules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.contracts.TrainRequest;
import io.deepdock.core.contracts.Topology;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Scheduled retraining fires each due time exactly once, whichever and however many
 * replicas race for it, fires missed times once, and validates what users set.
 */
@SpringBootTest
@WithInfrastructure
class ScheduleFiringIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	Schedules schedules;

	@Autowired
	ScheduleFiring firing;

	@Autowired
	JobRepository jobs;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	Topology topology;

	final List<Long> created = new ArrayList<>();

	@AfterEach
	void deleteSchedules() {
		// other tests in this JVM fire due schedules too
		this.created.forEach(this.schedules::delete);
		this.admin.purgeQueue(this.topology.trainQueue(), false);
	}

	Schedule create(String task, String cron, Double minImprovement, TrainRequest.Overrides parameters) {
		Schedule schedule = this.schedules.create(new ScheduleSpec(task, cron, null, null, minImprovement, parameters));
		this.created.add(schedule.getId());
		return schedule;
	}

	void makeDue(long id, String ago) {
		this.jdbc.update("UPDATE schedule SET next_fire_at = now() - ?::interval WHERE id = ?", ago, id);
	}

	List<Job> retrainsOf(long scheduleId) {
		return this.jobs.findAll()
			.stream()
			.filter((job) -> job.getType() == JobType.RETRAIN
					&& this.json.readTree(job.getPayload()).path("scheduleId").asLong() == scheduleId)
			.toList();
	}

	@Test
	void replicasRacingForTheSameDueSchedulesFireEachOnceExactly() throws Exception {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			Schedule schedule = create("digits", "0 3 * * *", null, null);
			makeDue(schedule.getId(), "1 second");
			ids.add(schedule.getId());
		}
		int replicas = 4;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(replicas);
		List<Future<List<ScheduleFiring.Fired>>> results = new ArrayList<>();
		for (int r = 0; r < replicas; r++) {
			String name = "replica-" + r;
			Callable<List<ScheduleFiring.Fired>> replica = () -> {
				start.await();
				List<ScheduleFiring.Fired> fired = new ArrayList<>();
				for (int round = 0; round < 3; round++) {
					fired.addAll(this.firing.fireDue(name));
				}
				return fired;
			};
			results.add(pool.submit(replica));
		}
		start.countDown();
		List<ScheduleFiring.Fired> fired = new ArrayList<>();
		for (Future<List<ScheduleFiring.Fired>> result : results) {
			fired.addAll(result.get());
		}
		pool.shutdown();
		assertThat(fired.stream().filter((f) -> ids.contains(f.scheduleId())).map(ScheduleFiring.Fired::scheduleId))
			.containsExactlyInAnyOrderElementsOf(ids);
		for (long id : ids) {
			assertThat(retrainsOf(id)).hasSize(1);
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM schedule_fire WHERE schedule_id = ?", Long.class,
					id))
				.isEqualTo(1);
			Schedule schedule = this.schedules.find(id).orElseThrow();
			assertThat(schedule.getNextFireAt()).isAfter(java.time.Instant.now());
			assertThat(schedule.getLastJobId()).isEqualTo(retrainsOf(id).get(0).getId());
		}
	}

	@Test
	void fireTimesMissedWhileNoSchedulerRanFireOnceAndAreCounted() {
		Schedule schedule = create("digits", "0 * * * *", null, null);
		// due at the top of the hour four hours before the last one: the four top of the
		// hours since were missed too, and fire once with this one
		this.jdbc.update(
				"UPDATE schedule SET next_fire_at = date_trunc('hour', now()) - interval '4 hours' WHERE id = ?",
				schedule.getId());
		List<ScheduleFiring.Fired> fired = this.firing.fireDue("replica");
		assertThat(fired).filteredOn((f) -> f.scheduleId() == schedule.getId()).singleElement().satisfies((f) -> {
			assertThat(f.missed()).isEqualTo(4);
		});
		assertThat(this.firing.fireDue("replica")).noneMatch((f) -> f.scheduleId() == schedule.getId());
		assertThat(retrainsOf(schedule.getId())).hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT missed FROM schedule_fire WHERE schedule_id = ?", Integer.class,
				schedule.getId()))
			.isEqualTo(4);
	}

	@Test
	void disabledSchedulesDoNotFire() {
		Schedule schedule = create("digits", "0 3 * * *", null, null);
		this.schedules.update(schedule.getId(), new ScheduleSpec("digits", "0 3 * * *", null, false, null, null));
		assertThat(this.schedules.find(schedule.getId()).orElseThrow().getNextFireAt()).isNull();
		// even with a fire time left over
		makeDue(schedule.getId(), "1 second");
		assertThat(this.firing.fireDue("replica")).noneMatch((f) -> f.scheduleId() == schedule.getId());
		assertThat(retrainsOf(schedule.getId())).isEmpty();
	}

	@Test
	void theRetrainingCarriesTheSchedulesPromotionPolicyAndParameters() {
		Schedule schedule = create("fashion", "0 3 * * 1", 0.005,
				new TrainRequest.Overrides("small", 2, null, null, null, null, null, null, null, null));
		makeDue(schedule.getId(), "1 second");
		this.firing.fireDue("replica");
		Job job = retrainsOf(schedule.getId()).get(0);
		assertThat(job.getTrigger()).isEqualTo(JobTrigger.SCHEDULE);
		JsonNode payload = this.json.readTree(job.getPayload());
		assertThat(payload.path("task").asString()).isEqualTo("fashion");
		assertThat(payload.path("promote").asString()).isEqualTo("challenger");
		assertThat(payload.path("minImprovement").asDouble()).isEqualTo(0.005);
		assertThat(payload.path("feedback").asBoolean()).isTrue();
		assertThat(payload.path("parameters").path("epochs").asInt()).isEqualTo(2);
		TrainRequest request = this.json.readValue(job.getPayload(), TrainRequest.class);
		assertThat(request.resolveParameters().epochs()).isEqualTo(2);
		assertThat(request.promotePolicy(JobType.RETRAIN)).isEqualTo("challenger");
	}

	@Test
	void aScheduleThatBreaksRulesIsRefusedWithEveryBrokenFieldNamed() {
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> this.schedules.create(new ScheduleSpec("cifar", "61 * * *", "Mars/Base", null, 5.0,
					new TrainRequest.Overrides(null, 0, null, null, null, null, null, null, null, null))))
			.satisfies((ex) -> assertThat(ex.errors()).extracting((e) -> e.field())
				.containsExactlyInAnyOrder("task", "cron", "minImprovement"));
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> this.schedules.create(new ScheduleSpec("digits", "*/1 * * * *", "Mars/Base", null, null,
					new TrainRequest.Overrides(null, 0, null, null, null, null, null, null, null, null))))
			.satisfies((ex) -> assertThat(ex.errors()).extracting((e) -> e.field())
				.containsExactlyInAnyOrder("zone", "parameters.epochs"));
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> this.schedules.create(new ScheduleSpec("digits", "*/1 * * * *", null, null, null, null)))
			.withMessageContaining("shortest interval");
	}

}
