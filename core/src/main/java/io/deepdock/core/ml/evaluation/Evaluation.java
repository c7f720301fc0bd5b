package io.deepdock.core.ml.evaluation;

/**
 * The evaluation stored on a model version (as JSON). Exactly one of the two reports is
 * present, by task kind.
 *
 * @param task task id
 * @param metric name of the main metric ({@code accuracy} or {@code mean_roc_auc})
 * @param score value of the main metric, 0..1, higher is better (champion/challenger
 * compares it)
 */
public record Evaluation(String task, String metric, double score, ClassificationReport classification,
		MultiLabelReport multiLabel) {

	public static Evaluation of(String task, ClassificationReport report) {
		return new Evaluation(task, "accuracy", report.accuracy(), report, null);
	}

	public static Evaluation of(String task, MultiLabelReport report) {
		return new Evaluation(task, "mean_roc_auc", report.meanRocAuc() == null ? 0 : report.meanRocAuc(), null,
				report);
	}

}
