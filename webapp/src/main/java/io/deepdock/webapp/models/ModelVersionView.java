package io.deepdock.webapp.models;

import java.time.Instant;

import io.deepdock.core.models.ModelVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model version with its lineage, metrics and decision, as the API shows it (no media
 * paths). {@code deletedAt}: when its owner or an admin deleted it (status DELETED, its
 * artifact gone); null while it exists.
 */
record ModelVersionView(long id, String task, int version, String status, Long datasetId, Long parentId,
		JsonNode parameters, JsonNode metrics, JsonNode decision, Long artifactSize, String artifactSha256,
		Instant createdAt, Instant promotedAt, Instant deletedAt) {

	static ModelVersionView of(ModelVersion v, JsonMapper json) {
		return new ModelVersionView(v.getId(), v.getTask(), v.getVersion(), v.getStatus().name(), v.getDatasetId(),
				v.getParentId(), parse(json, v.getParameters()), parse(json, v.getMetrics()),
				parse(json, v.getDecision()), v.getArtifactSize(), v.getArtifactSha256(), v.getCreatedAt(),
				v.getPromotedAt(), v.getDeletedAt());
	}

	private static JsonNode parse(JsonMapper json, String text) {
		return (text != null) ? json.readTree(text) : null;
	}

}
