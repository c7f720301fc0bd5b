package io.deepdock.core.ml.evaluation;

import java.util.List;

/**
 * Metrics of a multi-label (one sigmoid per label) classifier.
 *
 * @param examples number of examples evaluated
 * @param meanRocAuc mean of the per-label ROC AUCs that are defined; null when none is
 * @param perLabel ROC AUC and counts per label, in label order
 */
public record MultiLabelReport(int examples, Double meanRocAuc, List<LabelMetrics> perLabel) {

	/**
	 * @param rocAuc area under the ROC curve; null when the set holds only positives or
	 * only negatives of this label (the AUC is undefined then)
	 * @param positives examples that carry the label
	 * @param precision precision at the 0.5 threshold
	 * @param recall recall at the 0.5 threshold
	 */
	public record LabelMetrics(String label, Double rocAuc, int positives, double precision, double recall) {
	}

}
