package io.deepdock.webapp.jobs;

import java.time.Instant;

import io.deepdock.core.jobs.Job;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job as the API shows it: the row, the task it is for, the dataset it trains on (the
 * one used, or for a queued training the one chosen at submission) and, while it is
 * QUEUED, its place in its lane ({@link QueueView}). A batch's {@code resultsRemovedAt}:
 * when its results file was removed, and {@code resultsRemoved} why ({@code expired} by
 * retention, or {@code deleted} by its owner); both null while it is kept.
 */
public record JobView(long id, String type, String state, String trigger, String task, JsonNode payload,
		JsonNode result, String error, int attempts, String worker, Long datasetId, String datasetName,
		Long modelVersionId, Instant createdAt, Instant startedAt, Instant finishedAt, QueueView queue,
		Instant resultsRemovedAt, String resultsRemoved) {

	/** The job alone, without its dataset's name or its queue position. */
	public static JobView of(Job job, JsonMapper json) {
		return of(job, json, null, null);
	}

	static JobView of(Job job, JsonMapper json, String datasetName, QueueView queue) {
		JsonNode payload = parse(json, job.getPayload());
		return new JobView(job.getId(), job.getType().name(), job.getState().name(), job.getTrigger().name(),
				text(payload, "task"), payload, parse(json, job.getResult()), job.getError(), job.getAttempts(),
				job.getWorker(), datasetId(job, payload), datasetName, job.getModelVersionId(), job.getCreatedAt(),
				job.getStartedAt(), job.getFinishedAt(), queue, job.getResultExpiredAt(),
				(job.getResultDeletedAt() != null) ? "deleted" : (job.getResultExpiredAt() != null) ? "expired" : null);
	}

	/**
	 * The dataset the job used, or the one its payload names (a queued training's, chosen
	 * at submission).
	 */
	static Long datasetId(Job job, JsonNode payload) {
		if (job.getDatasetId() != null) {
			return job.getDatasetId();
		}
		JsonNode id = (payload != null) ? payload.get("datasetId") : null;
		return (id != null && id.isIntegralNumber()) ? id.asLong() : null;
	}

	private static String text(JsonNode payload, String field) {
		JsonNode value = (payload != null) ? payload.get(field) : null;
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static JsonNode parse(JsonMapper json, String text) {
		return (text != null) ? json.readTree(text) : null;
	}

	/**
	 * Where a QUEUED job stands: its lane, its 1-based position in it (the jobs ahead of
	 * it, every user's, counted but never shown), a rough estimate of when it starts
	 * (null when there is no history to base it on) and what it waits for, in words.
	 */
	public record QueueView(String lane, int position, Long estimatedStartSeconds, String waitingFor) {
	}

}
