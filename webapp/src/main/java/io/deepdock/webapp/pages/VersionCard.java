package io.deepdock.webapp.pages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobProgress;
import io.deepdock.core.models.ModelStatus;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.webapp.models.EvaluationView;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One model version on the models page, in words and tables: its metrics, architecture
 * and parameters, dataset, training time and the promotion decision, plus its training
 * curve (for the comparison, as JSON in a data attribute: the CSP allows no inline
 * script).
 *
 * @param version the version
 * @param metrics its test metrics (null before it is evaluated)
 * @param evaluation its confusion heat-map or AUC bars (null without)
 * @param parameters architecture and training parameters
 * @param dataset the dataset it was trained on (null when unknown or not the caller's)
 * @param job the training job (null for an imported version)
 * @param promoted whether its decision promoted it (null before the decision)
 * @param decision the promotion decision in words (null before it)
 * @param curve the training curve as JSON: [{epoch, loss, train, validation}]
 */
public record VersionCard(ModelVersion version, MetricsTable metrics, EvaluationView evaluation,
		List<MetricsTable.Cell> parameters, Dataset dataset, Job job, Boolean promoted, String decision, String curve) {

	static VersionCard of(ModelVersion version, Dataset dataset, Job job, List<JobProgress> progress, JsonMapper json) {
		List<MetricsTable.Cell> parameters = new ArrayList<>();
		JsonNode stored = read(json, version.getParameters());
		for (Map.Entry<String, JsonNode> field : stored.properties()) {
			if (!field.getValue().isContainer() && !field.getValue().isNull()) {
				parameters.add(new MetricsTable.Cell(JobStory.words(field.getKey()), field.getValue().asString()));
			}
		}
		JsonNode decision = read(json, version.getDecision());
		List<Map<String, Object>> points = new ArrayList<>();
		for (JobProgress point : progress) {
			if (!"epoch".equals(point.getKind()) || point.getEpoch() == null) {
				continue;
			}
			JsonNode metrics = read(json, point.getMetrics());
			Map<String, Object> p = new LinkedHashMap<>();
			p.put("epoch", point.getEpoch());
			p.put("loss", number(metrics, "loss"));
			p.put("train", number(metrics, "train", "trainScore", "accuracy"));
			p.put("validation", number(metrics, "validation", "validationScore"));
			points.add(p);
		}
		return new VersionCard(version, MetricsTable.of(version.getMetrics(), json),
				EvaluationView.of(version.getId(), version.getVersion(), version.getMetrics(), json), parameters,
				dataset, job, decision.has("promoted") ? decision.get("promoted").asBoolean() : null,
				JobStory.sentence(decision.path("reason").asString(null)), json.writeValueAsString(points));
	}

	/** Only a version that is evaluated and not serving may be promoted. */
	public boolean promotable() {
		return this.version.getStatus() == ModelStatus.READY || this.version.getStatus() == ModelStatus.RETIRED;
	}

	/**
	 * Whether the caller may delete this version (the API decides again,
	 * {@code ModelDeletion}): an admin any that neither serves nor trains; a user one
	 * they trained that no admin promoted.
	 */
	public boolean deletableBy(long callerId, boolean admin) {
		ModelStatus status = this.version.getStatus();
		if (status == ModelStatus.ACTIVE || status == ModelStatus.TRAINING || status == ModelStatus.DELETED) {
			return false;
		}
		return admin || (this.job != null && this.job.getOwnerId() != null && this.job.getOwnerId() == callerId
				&& this.version.getPromotedAt() == null);
	}

	/**
	 * The version a roll back of this task goes to, as the registry chooses it: the
	 * RETIRED one promoted last before the ACTIVE one.
	 */
	static Optional<ModelVersion> rollbackTarget(List<ModelVersion> versions) {
		Optional<ModelVersion> active = versions.stream()
			.filter((v) -> v.getStatus() == ModelStatus.ACTIVE)
			.findFirst();
		if (active.isEmpty() || active.get().getPromotedAt() == null) {
			return Optional.empty();
		}
		return versions.stream()
			.filter((v) -> v.getStatus() == ModelStatus.RETIRED && v.getPromotedAt() != null
					&& v.getPromotedAt().isBefore(active.get().getPromotedAt()))
			.max(Comparator.comparing(ModelVersion::getPromotedAt));
	}

	private static Double number(JsonNode metrics, String... keys) {
		for (String key : keys) {
			JsonNode value = metrics.path(key);
			if (value.isNumber() && Double.isFinite(value.asDouble())) {
				return value.asDouble();
			}
		}
		return null;
	}

	private static JsonNode read(JsonMapper json, String text) {
		if (text == null || text.isBlank()) {
			return json.createObjectNode();
		}
		try {
			return json.readTree(text);
		}
		catch (RuntimeException ex) {
			return json.createObjectNode();
		}
	}

}
