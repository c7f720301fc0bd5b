package io.deepdock.webapp.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.Jobs;
import io.deepdock.core.contracts.JobState;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.contracts.Topology;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds the API's view of a job: the name of its dataset and, for a QUEUED job, where it
 * stands in its lane. The position counts every user's jobs ahead of it in the same lane,
 * but shows only counts: never whose they are, what they are for, or their ids.
 *
 * <p>
 * The estimate is rough on purpose: the remaining epochs of a running training at its
 * latest epoch's pace, else the mean duration of the last {@value #HISTORY} successful
 * jobs of each type, spread over the worker replicas seen in the last hour (each runs one
 * job per lane). It is null when there is no such history.
 */
@Component
public class JobViews {

	/** How many recent successful jobs of a type give its mean duration. */
	static final int HISTORY = 20;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Datasets datasets;

	private final Jobs jobs;

	JobViews(JdbcTemplate jdbc, JsonMapper json, Datasets datasets, Jobs jobs) {
		this.jdbc = jdbc;
		this.json = json;
		this.datasets = datasets;
		this.jobs = jobs;
	}

	/**
	 * The job as the API shows it, with its dataset's name and its queue position (the
	 * pages use it too).
	 */
	public JobView of(Job job) {
		JobView plain = JobView.of(job, this.json);
		String datasetName = (plain.datasetId() != null)
				? this.datasets.find(plain.datasetId()).map(Dataset::getName).orElse(null) : null;
		return JobView.of(job, this.json, datasetName, queue(job, plain.payload()));
	}

	/** Where a QUEUED job stands in its lane; null for any other job. */
	JobView.QueueView queue(Job job, JsonNode payload) {
		if (job.getState() != JobState.QUEUED) {
			return null;
		}
		Instant now = Instant.now();
		String lane = job.getType().lane();
		String types = JobType.inLane(lane)
			.stream()
			.map((type) -> "'" + type.name() + "'")
			.collect(Collectors.joining(", ", "(", ")"));
		// jobs waiting for a retry or an import are not ahead: they are dispatched again
		// only when their wait is over
		List<String> ahead = this.jdbc.queryForList("SELECT type FROM job WHERE state = 'QUEUED' AND type IN " + types
				+ " AND id < ? AND (not_before IS NULL OR not_before <= now())", String.class, job.getId());
		List<Map<String, Object>> running = this.jdbc.queryForList(
				"SELECT id, type, started_at FROM job WHERE state = 'RUNNING' AND type IN " + types + " ORDER BY id");
		Integer seen = this.jdbc.queryForObject("""
				SELECT count(DISTINCT worker) FROM job WHERE worker IS NOT NULL
				AND (state = 'RUNNING' OR finished_at > now() - interval '1 hour')""", Integer.class);
		int slots = Math.max(1, (seen != null) ? seen : 0);
		Long estimate = estimate(types, ahead, running, slots, now);
		if (job.isDelayedAt(now)) {
			long wait = Duration.between(now, job.getNotBefore()).toSeconds() + 1;
			estimate = (estimate != null) ? Math.max(estimate, wait) : wait;
		}
		return new JobView.QueueView(lane, ahead.size() + 1, estimate,
				waitingFor(job, payload, lane, ahead.size(), running.size(), slots, now));
	}

	private String waitingFor(Job job, JsonNode payload, String lane, int ahead, int running, int slots, Instant now) {
		String pendingImport = pendingImport(job, payload);
		if (pendingImport != null) {
			return pendingImport;
		}
		if (job.isDelayedAt(now)) {
			long seconds = Duration.between(now, job.getNotBefore()).toSeconds() + 1;
			if (job.getRetries() > 0 && job.getError() != null && job.getError().startsWith("attempt ")) {
				return "a retry in " + seconds + " s, after a failed attempt";
			}
			return (job.getError() != null) ? job.getError() : "its turn again in " + seconds + " s";
		}
		String kind = lane.equals(Topology.TRAINING_LANE) ? "training" : "short job";
		if (ahead > 0) {
			return "a worker slot (" + ahead + " " + kind + ((ahead == 1) ? "" : "s") + " ahead)";
		}
		if (running >= slots) {
			return "a worker slot (" + running + " " + kind + ((running == 1) ? "" : "s") + " running)";
		}
		return "a free worker: it starts in a moment";
	}

	/**
	 * What a training waits for when the import of its dataset is still under way: the
	 * import is the submitter's own job, so naming it reveals nothing of anyone else's.
	 */
	private String pendingImport(Job job, JsonNode payload) {
		JsonNode importJobId = (payload != null) ? payload.get("importJobId") : null;
		if (importJobId == null || !importJobId.isIntegralNumber() || job.getDatasetId() != null) {
			return null;
		}
		return this.jobs.find(importJobId.asLong())
			.filter((imported) -> !imported.getState().isTerminal())
			.map((imported) -> "the import of dataset " + importName(imported) + " (job " + imported.getId() + ")")
			.orElse(null);
	}

	private String importName(Job imported) {
		JsonNode name = this.json.readTree(imported.getPayload()).get("name");
		return (name != null && name.isString()) ? "'" + name.asString() + "'" : "#" + imported.getId();
	}

	/**
	 * Seconds until a job behind {@code ahead} starts: what the running jobs of the lane
	 * still need plus what the jobs ahead take, shared by the lane's slots.
	 */
	private Long estimate(String types, List<String> ahead, List<Map<String, Object>> running, int slots, Instant now) {
		if (ahead.isEmpty() && running.size() < slots) {
			return 0L;
		}
		Map<String, Double> mean = new HashMap<>();
		this.jdbc.query("""
				SELECT type, avg(extract(epoch FROM finished_at - started_at)) AS seconds FROM (
				  SELECT type, finished_at, started_at,
				         row_number() OVER (PARTITION BY type ORDER BY finished_at DESC) AS n
				  FROM job WHERE state = 'SUCCEEDED' AND started_at IS NOT NULL AND type IN %s) recent
				WHERE n <= %d GROUP BY type""".formatted(types, HISTORY), (row) -> {
			mean.put(row.getString("type"), row.getDouble("seconds"));
		});
		double total = 0;
		for (Map<String, Object> job : running) {
			Double remaining = remaining(((Number) job.get("id")).longValue(), (String) job.get("type"),
					(java.sql.Timestamp) job.get("started_at"), mean, now);
			if (remaining == null) {
				return null;
			}
			total += remaining;
		}
		for (String type : ahead) {
			Double seconds = mean.get(type);
			if (seconds == null) {
				return null;
			}
			total += seconds;
		}
		return (long) Math.ceil(total / slots);
	}

	/**
	 * What a running job still needs: a training's remaining epochs at the pace of its
	 * latest one, else its type's mean duration less the time it has run.
	 */
	private Double remaining(long jobId, String type, java.sql.Timestamp startedAt, Map<String, Double> mean,
			Instant now) {
		List<Map<String, Object>> latest = this.jdbc.queryForList("""
				SELECT epoch, (metrics->>'epochs')::float8 AS epochs, (metrics->>'seconds')::float8 AS seconds
				FROM job_progress WHERE job_id = ? AND kind = 'epoch' ORDER BY id DESC LIMIT 1""", jobId);
		if (!latest.isEmpty() && latest.get(0).get("epochs") != null && latest.get(0).get("seconds") != null) {
			Map<String, Object> epoch = latest.get(0);
			double left = ((Number) epoch.get("epochs")).doubleValue() - ((Number) epoch.get("epoch")).doubleValue();
			return Math.max(0, left) * ((Number) epoch.get("seconds")).doubleValue();
		}
		Double seconds = mean.get(type);
		if (seconds == null) {
			return null;
		}
		double elapsed = (startedAt != null) ? Duration.between(startedAt.toInstant(), now).toSeconds() : 0;
		return Math.max(0, seconds - elapsed);
	}

}
