package io.deepdock.scheduler.schedules;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.deepdock.core.schedules.Schedule;
import io.deepdock.core.schedules.ScheduleSpec;
import io.deepdock.core.schedules.Schedules;
import io.deepdock.embedded.test.InfrastructureInitializer;
import io.deepdock.scheduler.SchedulerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two scheduler processes' worth of application contexts poll the same schedules: every
 * due time fires exactly once, with no gap when one of them stops.
 */
class TwoSchedulersIT {

	@TempDir
	static Path media;

	static ConfigurableApplicationContext scheduler(String name) {
		// Schedules is the web's part of core: here it stands in for the web that creates
		// the schedules
		return new SpringApplicationBuilder(SchedulerApplication.class, Schedules.class).web(WebApplicationType.NONE)
			.initializers(new InfrastructureInitializer())
			.run("--deepdock.scheduler.replica=" + name, "--deepdock.media.dir=" + media,
					"--deepdock.bootstrap.train-missing=false", "--deepdock.schedules.poll-interval=200ms",
					"--deepdock.schedules.min-interval=1s");
	}

	@Test
	void twoSchedulersFireEveryDueTimeOnceAndOneCarriesOnWhenTheOtherStops() {
		try (ConfigurableApplicationContext a = scheduler("scheduler-a");
				ConfigurableApplicationContext b = scheduler("scheduler-b")) {
			Schedules schedules = a.getBean(Schedules.class);
			JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
			Schedule schedule = schedules.create(new ScheduleSpec("digits", "*/2 * * * * *", null, null, null, null));
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> fires(jdbc, schedule.getId()).size() >= 4);
				// the leader goes away; the other replica carries on
				a.close();
				int before = fires(b.getBean(JdbcTemplate.class), schedule.getId()).size();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> fires(b.getBean(JdbcTemplate.class), schedule.getId()).size() >= before + 4);
			}
			finally {
				b.getBean(Schedules.class).delete(schedule.getId());
				// no worker runs them here: end them, so that no later test sees
				// trainings
				// under way
				b.getBean(JdbcTemplate.class)
					.update("UPDATE job SET state = 'CANCELLED', finished_at = now() WHERE type = 'RETRAIN' "
							+ "AND state = 'QUEUED' AND payload->>'scheduleId' = ?", String.valueOf(schedule.getId()));
			}
		}
	}

	/** Checks the fire log so far and returns its due times. */
	static List<Instant> fires(JdbcTemplate jdbc, long scheduleId) {
		List<Map<String, Object>> rows = jdbc.queryForList("""
				SELECT f.due_at, f.job_id, j.type, j.payload->>'scheduleId' AS schedule
				  FROM schedule_fire f JOIN job j ON j.id = f.job_id
				 WHERE f.schedule_id = ? ORDER BY f.due_at""", scheduleId);
		List<Instant> due = rows.stream().map((row) -> ((Timestamp) row.get("due_at")).toInstant()).toList();
		for (Map<String, Object> row : rows) {
			assertThat(row.get("type")).isEqualTo("RETRAIN");
			assertThat(row.get("schedule")).isEqualTo(String.valueOf(scheduleId));
		}
		// one job per fire: no due time fired twice, none got two jobs (one statement, so
		// one snapshot: a fire committing meanwhile is in both counts or in neither)
		Map<String, Object> counts = jdbc.queryForMap("""
				SELECT (SELECT count(*) FROM schedule_fire WHERE schedule_id = ?) AS fires,
				       (SELECT count(*) FROM job WHERE type = 'RETRAIN' AND payload->>'scheduleId' = ?) AS jobs""",
				scheduleId, String.valueOf(scheduleId));
		assertThat(counts.get("jobs")).isEqualTo(counts.get("fires"));
		// consecutive due times two seconds apart: none skipped, none fired twice
		for (int i = 1; i < due.size(); i++) {
			assertThat(Duration.between(due.get(i - 1), due.get(i))).isEqualTo(Duration.ofSeconds(2));
		}
		return due;
	}

}
