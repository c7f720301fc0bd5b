package io.deepdock.webapp.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.models.ModelVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job's page tells beside its curves and log: the task, the dataset (with a link),
 * the parameters, and once it has ended its result: the test metrics, the version it
 * produced and the promotion decision in words.
 *
 * @param task the task id, or null when the job names none
 * @param dataset the dataset it trained on or imported, or null
 * @param parameters the training parameters (the version's resolved ones once known)
 * @param version the model version it produced or used, or null
 * @param metrics the version's test metrics, or null
 * @param promoted whether the version was promoted, or null when undecided
 * @param decision the promotion decision in words, or null
 * @param result the other result values (epochs run, best epoch, img/s, rows)
 */
public record JobStory(String task, Dataset dataset, List<MetricsTable.Cell> parameters, ModelVersion version,
		MetricsTable metrics, Boolean promoted, String decision, List<MetricsTable.Cell> result) {

	/** Result keys shown elsewhere on the page (or internal), not in the result list. */
	private static final List<String> SHOWN = List.of("modelVersionId", "version", "metric", "score", "promoted",
			"decision", "corrections");

	static JobStory of(Job job, Dataset dataset, ModelVersion version, JsonMapper json) {
		JsonNode payload = read(json, job.getPayload());
		JsonNode result = read(json, job.getResult());
		String task = payload.path("task").asString(null);
		if (task == null && version != null) {
			task = version.getTask();
		}
		JsonNode parameters = (version != null) ? read(json, version.getParameters()) : payload.path("parameters");
		if (!parameters.isObject() || parameters.isEmpty()) {
			parameters = payload.path("parameters");
		}
		List<MetricsTable.Cell> parameterCells = cells(parameters, List.of());
		for (String key : List.of("promote", "minImprovement")) {
			if (payload.hasNonNull(key)) {
				parameterCells.add(new MetricsTable.Cell(key, payload.get(key).asString()));
			}
		}
		Boolean promoted = result.has("promoted") ? result.get("promoted").asBoolean() : null;
		String decision = result.path("decision").asString(null);
		if (decision == null && version != null && version.getDecision() != null) {
			JsonNode stored = read(json, version.getDecision());
			decision = stored.path("reason").asString(null);
			if (stored.has("promoted")) {
				promoted = stored.get("promoted").asBoolean();
			}
		}
		MetricsTable metrics = (version != null) ? MetricsTable.of(version.getMetrics(), json) : null;
		return new JobStory(task, dataset, parameterCells, version, metrics, promoted, sentence(decision),
				cells(result, SHOWN));
	}

	public boolean hasParameters() {
		return !this.parameters.isEmpty();
	}

	private static List<MetricsTable.Cell> cells(JsonNode object, List<String> skip) {
		List<MetricsTable.Cell> cells = new ArrayList<>();
		if (object.isObject()) {
			for (Map.Entry<String, JsonNode> field : object.properties()) {
				if (skip.contains(field.getKey()) || field.getValue().isNull() || field.getValue().isContainer()) {
					continue;
				}
				JsonNode value = field.getValue();
				String text = (value.isFloatingPointNumber()) ? decimal(value.asDouble()) : value.asString();
				cells.add(new MetricsTable.Cell(words(field.getKey()), text));
			}
		}
		return cells;
	}

	/**
	 * The worker's decision reason as a sentence: "not promoted (policy never)" reads
	 * "Not promoted (policy never)."; null stays null.
	 */
	static String sentence(String reason) {
		if (reason == null || reason.isBlank()) {
			return null;
		}
		String text = Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
		return text.endsWith(".") ? text : text + ".";
	}

	/** 1154.3 reads "1,154"; 0.0010 reads "0.001"; 0.98765 reads "0.9877". */
	static String decimal(double value) {
		if (!Double.isFinite(value)) {
			return Double.toString(value);
		}
		if (Math.abs(value) >= 100) {
			return String.format(java.util.Locale.ROOT, "%,.0f", value);
		}
		return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
	}

	/** "examplesPerSecond" reads "examples per second". */
	static String words(String camel) {
		return camel.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
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
