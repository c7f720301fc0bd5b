package io.deepdock.webapp.jobs;

import java.time.Instant;

import io.deepdock.core.jobs.Job;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A job as the API shows it. */
public record JobView(long id, String type, String state, String trigger, JsonNode payload, JsonNode result,
		String error, int attempts, String worker, Long datasetId, Long modelVersionId, Instant createdAt,
		Instant startedAt, Instant finishedAt) {

	public static JobView of(Job job, JsonMapper json) {
		return new JobView(job.getId(), job.getType().name(), job.getState().name(), job.getTrigger().name(),
				parse(json, job.getPayload()), parse(json, job.getResult()), job.getError(), job.getAttempts(),
				job.getWorker(), job.getDatasetId(), job.getModelVersionId(), job.getCreatedAt(), job.getStartedAt(),
				job.getFinishedAt());
	}

	private static JsonNode parse(JsonMapper json, String text) {
		return (text != null) ? json.readTree(text) : null;
	}

}
