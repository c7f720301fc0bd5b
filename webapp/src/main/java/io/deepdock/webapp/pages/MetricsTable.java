package io.deepdock.webapp.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model version's stored evaluation as tables rather than JSON: the summary (accuracy
 * and macro F1, or the mean ROC AUC of a toxicity model) and one row per class
 * (precision, recall, F1, support) or per label (ROC AUC, positives, precision, recall).
 *
 * @param metric the main metric's name in words
 * @param score the main metric, three decimals
 * @param summary name and value pairs
 * @param columns the per-class table's header
 * @param rows the per-class table's rows, already formatted
 */
public record MetricsTable(String metric, String score, List<Cell> summary, List<String> columns,
		List<List<String>> rows) {

	/** One named value. */
	public record Cell(String name, String value) {
	}

	/** The table of {@code metricsJson} (an {@code Evaluation}), or null without one. */
	static MetricsTable of(String metricsJson, JsonMapper json) {
		if (metricsJson == null || metricsJson.isBlank()) {
			return null;
		}
		JsonNode root;
		try {
			root = json.readTree(metricsJson);
		}
		catch (RuntimeException ex) {
			return null;
		}
		List<Cell> summary = new ArrayList<>();
		List<List<String>> rows = new ArrayList<>();
		List<String> columns;
		JsonNode classification = root.path("classification");
		JsonNode multiLabel = root.path("multiLabel");
		if (classification.isObject()) {
			summary.add(new Cell("accuracy", number(classification.path("accuracy"))));
			summary.add(new Cell("macro F1", number(classification.path("macroF1"))));
			summary.add(new Cell("test examples", classification.path("examples").asString("")));
			columns = List.of("class", "precision", "recall", "F1", "support");
			for (JsonNode c : classification.path("perClass")) {
				rows.add(List.of(c.path("label").asString(""), number(c.path("precision")), number(c.path("recall")),
						number(c.path("f1")), c.path("support").asString("")));
			}
		}
		else if (multiLabel.isObject()) {
			summary.add(new Cell("mean ROC AUC", number(multiLabel.path("meanRocAuc"))));
			summary.add(new Cell("test examples", multiLabel.path("examples").asString("")));
			columns = List.of("label", "ROC AUC", "positives", "precision", "recall");
			for (JsonNode l : multiLabel.path("perLabel")) {
				rows.add(List.of(l.path("label").asString(""), number(l.path("rocAuc")),
						l.path("positives").asString(""), number(l.path("precision")), number(l.path("recall"))));
			}
		}
		else if (!root.path("score").isNumber()) {
			return null; // "{}": registered, never evaluated
		}
		else {
			columns = List.of();
		}
		String metric = root.path("metric").asString("score").replace('_', ' ');
		if (metric.equals("mean roc auc")) {
			metric = "mean ROC AUC";
		}
		return new MetricsTable(metric, number(root.path("score")), summary, columns, rows);
	}

	/** Three decimals, or "–" for a missing value (an AUC undefined on one class). */
	static String number(JsonNode node) {
		return node.isNumber() ? String.format(Locale.ROOT, "%.3f", node.asDouble()) : "–";
	}

}
