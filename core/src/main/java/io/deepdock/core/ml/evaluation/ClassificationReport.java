package io.deepdock.core.ml.evaluation;

import java.util.List;

/**
 * Metrics of a single-label classifier on a labelled set.
 *
 * @param examples number of examples evaluated
 * @param accuracy share of examples whose top class is right, 0..1
 * @param macroF1 unweighted mean of the per-class F1 scores
 * @param perClass precision, recall, F1 and support per class, in label order
 * @param confusion {@code confusion[actual][predicted]} counts
 */
public record ClassificationReport(int examples, double accuracy, double macroF1, List<ClassMetrics> perClass,
		int[][] confusion) {

	/**
	 * @param precision right predictions of this class / all predictions of it (0 when it
	 * was never predicted)
	 * @param recall right predictions of this class / examples of it (0 when it has none)
	 * @param f1 harmonic mean of precision and recall (0 when both are 0)
	 * @param support examples of this class
	 */
	public record ClassMetrics(String label, double precision, double recall, double f1, int support) {
	}

}
