package io.deepdock.webapp.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.deepdock.webapp.charts.BarChart;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model version's stored evaluation as the models page draws it: the confusion matrix
 * of an image model as a heat-map (each cell shaded by its share of the row, through one
 * of ten CSS classes: the CSP allows no inline style), and the ROC AUC of each label of a
 * toxicity model as bars on a 0..1 scale.
 *
 * @param versionId the model version's id
 * @param version its number within the task
 * @param metric the main metric's name
 * @param score its value
 * @param labels the class labels of the matrix (empty when there is none)
 * @param rows the matrix, actual class by row
 * @param auc the AUC bars (null when there are none)
 */
public record EvaluationView(long versionId, int version, String metric, String score, List<String> labels,
		List<HeatRow> rows, BarChart auc) {

	/** One row of the matrix: the actual class and its cells. */
	public record HeatRow(String label, List<HeatCell> cells) {
	}

	/**
	 * One cell.
	 *
	 * @param shade 0..9, the share of the row's examples, in tenths
	 * @param diagonal whether it counts right answers
	 */
	public record HeatCell(int count, int shade, boolean diagonal, String title) {

		public String cssClass() {
			return "heat-" + this.shade + (this.diagonal ? " diagonal" : "");
		}

	}

	public boolean hasMatrix() {
		return !this.rows.isEmpty();
	}

	public boolean hasAuc() {
		return this.auc != null;
	}

	/**
	 * The evaluation in {@code metricsJson} (an {@code Evaluation} as JSON), or null when
	 * the version has none or it is not readable.
	 */
	public static EvaluationView of(long versionId, int version, String metricsJson, JsonMapper json) {
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
		List<String> labels = new ArrayList<>();
		List<HeatRow> rows = new ArrayList<>();
		JsonNode classification = root.path("classification");
		JsonNode confusion = classification.path("confusion");
		if (confusion.isArray() && !confusion.isEmpty()) {
			JsonNode perClass = classification.path("perClass");
			for (int i = 0; i < confusion.size(); i++) {
				labels.add(perClass.path(i).path("label").asString(Integer.toString(i)));
			}
			for (int actual = 0; actual < confusion.size(); actual++) {
				JsonNode row = confusion.get(actual);
				long total = 0;
				for (JsonNode cell : row) {
					total += cell.asLong();
				}
				List<HeatCell> cells = new ArrayList<>();
				for (int predicted = 0; predicted < row.size(); predicted++) {
					int count = row.get(predicted).asInt();
					int shade = (total > 0 && count > 0)
							? (int) Math.min(9, Math.max(1, Math.floor(count * 10.0 / total))) : 0;
					String predictedLabel = (predicted < labels.size()) ? labels.get(predicted)
							: Integer.toString(predicted);
					cells.add(new HeatCell(count, shade, actual == predicted,
							count + " of " + total + " " + labels.get(actual) + " predicted as " + predictedLabel));
				}
				rows.add(new HeatRow(labels.get(actual), cells));
			}
		}
		BarChart auc = null;
		JsonNode perLabel = root.path("multiLabel").path("perLabel");
		if (perLabel.isArray() && !perLabel.isEmpty()) {
			List<BarChart.Row> bars = new ArrayList<>();
			for (JsonNode label : perLabel) {
				JsonNode value = label.path("rocAuc");
				boolean defined = value.isNumber();
				double v = defined ? value.asDouble() : 0;
				bars.add(new BarChart.Row(label.path("label").asString("?"), new double[] { v },
						defined ? String.format(Locale.ROOT, "%.3f", v)
								: "undefined (" + label.path("positives").asInt() + " positives)"));
			}
			auc = BarChart.of(bars, 1.0, new String[] { "bar-auc" }, new String[] { "ROC AUC" });
		}
		if (rows.isEmpty() && auc == null) {
			return null;
		}
		String metric = root.path("metric").asString("");
		String score = root.path("score").isNumber() ? String.format(Locale.ROOT, "%.4f", root.path("score").asDouble())
				: "";
		return new EvaluationView(versionId, version, metric, score, labels, rows, auc);
	}

}
