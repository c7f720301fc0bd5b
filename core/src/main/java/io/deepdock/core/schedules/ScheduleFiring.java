package io.deepdock.core.schedules;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.annotation.Import;

/**
 * Fires due schedules: each firing queues one RETRAIN job. Any number of scheduler
 * replicas may call {@link #fireDue} at the same moment and every due time still fires
 * exactly once: a replica claims a schedule's row with {@code FOR UPDATE SKIP LOCKED},
 * checks again that it is due on the database's clock, and in the same transaction
 * records the firing (its primary key is the schedule and the due time), submits the job
 * through the outbox and moves the next fire time on. A replica that dies mid-way rolls
 * all of it back. Fire times missed while no scheduler ran are fired once, not once per
 * missed time, and the number missed is recorded.
 */
@Component
@Import(JobSubmission.class)
public class ScheduleFiring {

	private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);

	/** What one firing did. */
	public record Fired(long scheduleId, Instant dueAt, int missed, long jobId) {
	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JobSubmission submission;

	private final JsonMapper json;

	ScheduleFiring(JdbcTemplate jdbc, TransactionTemplate transactions, JobSubmission submission, JsonMapper json) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.submission = submission;
		this.json = json;
	}

	/**
	 * Fires every schedule that is due now.
	 * @param firer who fires, recorded on each firing
	 * @return the firings this call made (another replica's are not included)
	 */
	public List<Fired> fireDue(String firer) {
		List<Long> due = this.jdbc.queryForList(
				"SELECT id FROM schedule WHERE enabled AND next_fire_at <= now() ORDER BY next_fire_at", Long.class);
		List<Fired> fired = new ArrayList<>();
		for (long id : due) {
			try {
				Fired one = this.transactions.execute((status) -> fire(id, firer));
				if (one != null) {
					fired.add(one);
				}
			}
			catch (RuntimeException ex) {
				log.error("Schedule {} could not fire: {}", id, ex.getMessage(), ex);
			}
		}
		return fired;
	}

	private Fired fire(long id, String firer) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				SELECT id, task, cron, zone, min_improvement, parameters::text AS parameters, next_fire_at,
				       now() AS db_now
				  FROM schedule
				 WHERE id = ? AND enabled AND next_fire_at <= now()
				   FOR UPDATE SKIP LOCKED""", id);
		if (rows.isEmpty()) {
			// fired by another replica a moment ago, or being fired by it now
			return null;
		}
		Map<String, Object> row = rows.get(0);
		String task = (String) row.get("task");
		Instant dueAt = ((Timestamp) row.get("next_fire_at")).toInstant();
		Instant now = ((Timestamp) row.get("db_now")).toInstant();
		CronSchedule cron;
		try {
			cron = CronSchedule.parse((String) row.get("cron"), (String) row.get("zone"));
		}
		catch (IllegalArgumentException ex) {
			// stored before a rule changed: disable it rather than fail at every poll
			log.error("Schedule {} has an invalid cron '{}', disabling it: {}", id, row.get("cron"), ex.getMessage());
			this.jdbc.update(
					"UPDATE schedule SET enabled = false, next_fire_at = NULL, updated_at = now() WHERE id = ?", id);
			return null;
		}
		int missed = cron.countBetween(dueAt, now, 10_000);
		Instant next = cron.next(now);
		int inserted = this.jdbc.update("""
				INSERT INTO schedule_fire (schedule_id, due_at, fired_by, missed) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING""", id, Timestamp.from(dueAt), firer, missed);
		if (inserted == 0) {
			// this due time fired already (the row's next fire time was set back by hand)
			this.jdbc.update("UPDATE schedule SET next_fire_at = ? WHERE id = ?", timestamp(next), id);
			return null;
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("task", task);
		payload.put("scheduleId", id);
		payload.put("promote", "challenger");
		payload.put("minImprovement", ((Number) row.get("min_improvement")).doubleValue());
		payload.put("feedback", true);
		String parameters = (String) row.get("parameters");
		if (parameters != null) {
			payload.put("parameters", this.json.readValue(parameters, JsonNode.class));
		}
		Job job = this.submission.submit(JobType.RETRAIN, JobTrigger.SCHEDULE, null,
				this.json.writeValueAsString(payload));
		this.jdbc.update("UPDATE schedule_fire SET job_id = ? WHERE schedule_id = ? AND due_at = ?", job.getId(), id,
				Timestamp.from(dueAt));
		this.jdbc.update("UPDATE schedule SET last_fired_at = now(), next_fire_at = ?, last_job_id = ? WHERE id = ?",
				timestamp(next), job.getId(), id);
		if (missed > 0) {
			log.info("Schedule {} ({}) fired for {} as job {}; {} more fire times were missed and are not repeated", id,
					task, dueAt, job.getId(), missed);
		}
		else {
			log.info("Schedule {} ({}) fired for {} as job {}", id, task, dueAt, job.getId());
		}
		return new Fired(id, dueAt, missed, job.getId());
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
