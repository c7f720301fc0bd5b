package io.deepdock.core.ml.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.evaluation.classification.ConfusionMatrix;

/**
 * The evaluation maths on plain arrays, so that it is tested against hand-computed cases:
 * the confusion matrix, accuracy and precision/recall/F1 by ND4J's {@code Evaluation};
 * ROC AUC by our own Mann-Whitney count, as ND4J's exact ROC scores ties wrongly. An
 * empty evaluation reports zeros (ND4J has no confusion matrix without data).
 */
public final class Metrics {

	private Metrics() {
	}

	/**
	 * Accuracy, per-class precision/recall/F1 and the confusion matrix. A class never
	 * predicted has precision 0, a class with no examples recall 0 (ND4J's edge value,
	 * asked for explicitly), and either has F1 0.
	 * @param actual true class per example
	 * @param predicted predicted class per example
	 */
	public static ClassificationReport classification(int[] actual, int[] predicted, List<String> labels) {
		if (actual.length != predicted.length) {
			throw new IllegalArgumentException("actual and predicted differ in length");
		}
		int k = labels.size();
		int[][] confusion = new int[k][k];
		List<ClassificationReport.ClassMetrics> perClass = new ArrayList<>();
		if (actual.length == 0) {
			for (String label : labels) {
				perClass.add(new ClassificationReport.ClassMetrics(label, 0, 0, 0, 0));
			}
			return new ClassificationReport(0, 0, 0, perClass, confusion);
		}
		org.nd4j.evaluation.classification.Evaluation evaluation = new org.nd4j.evaluation.classification.Evaluation(
				labels);
		for (int i = 0; i < actual.length; i++) {
			evaluation.eval(predicted[i], actual[i]);
		}
		ConfusionMatrix<Integer> matrix = evaluation.getConfusionMatrix();
		double f1Sum = 0;
		for (int c = 0; c < k; c++) {
			for (int p = 0; p < k; p++) {
				confusion[c][p] = matrix.getCount(c, p);
			}
			double precision = evaluation.precision(c, 0.0);
			double recall = evaluation.recall(c, 0.0);
			double f1 = (precision + recall == 0) ? 0 : evaluation.f1(c);
			f1Sum += f1;
			perClass.add(new ClassificationReport.ClassMetrics(labels.get(c), precision, recall, f1,
					matrix.getActualTotal(c)));
		}
		return new ClassificationReport(actual.length, evaluation.accuracy(), (k == 0) ? 0 : f1Sum / k, perClass,
				confusion);
	}

	/**
	 * Area under the ROC curve: the probability that a random positive scores above a
	 * random negative, ties counting one half (the Mann-Whitney U statistic with
	 * mid-ranks). Ours, not ND4J's {@code ROC}/{@code ROCBinary}: their exact mode counts
	 * a positive tied with a negative as a win (1.0 where the answer is 0.875, see
	 * MetricsTest), and saturated sigmoid outputs tie often.
	 * @return the AUC, or null when there are no positives or no negatives (undefined)
	 */
	public static Double rocAuc(double[] scores, boolean[] positive) {
		int n = scores.length;
		if (positive.length != n) {
			throw new IllegalArgumentException("scores and labels differ in length");
		}
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
		long positives = 0;
		double positiveRankSum = 0;
		int i = 0;
		while (i < n) {
			int j = i;
			while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
				j++;
			}
			// ranks i+1 .. j+1 are tied: each gets their mean
			double midRank = (i + 1 + j + 1) / 2.0;
			for (int t = i; t <= j; t++) {
				if (positive[order[t]]) {
					positives++;
					positiveRankSum += midRank;
				}
			}
			i = j + 1;
		}
		long negatives = n - positives;
		if (positives == 0 || negatives == 0) {
			return null;
		}
		double u = positiveRankSum - positives * (positives + 1) / 2.0;
		return u / ((double) positives * negatives);
	}

	/**
	 * Per-label ROC AUC (and precision/recall at 0.5) for multi-label outputs.
	 * @param probabilities {@code probabilities[i * k + j]}: score of label j for example
	 * i
	 * @param truth {@code truth[i * k + j]}: 1 when example i has label j
	 */
	public static MultiLabelReport multiLabel(float[] probabilities, byte[] truth, List<String> labels) {
		int k = labels.size();
		int n = truth.length / k;
		List<MultiLabelReport.LabelMetrics> perLabel = new ArrayList<>();
		double aucSum = 0;
		int defined = 0;
		for (int j = 0; j < k; j++) {
			double[] scores = new double[n];
			boolean[] positive = new boolean[n];
			int positives = 0;
			int predictedPositive = 0;
			int truePositive = 0;
			for (int i = 0; i < n; i++) {
				scores[i] = probabilities[i * k + j];
				positive[i] = truth[i * k + j] != 0;
				boolean predicted = scores[i] >= 0.5;
				positives += positive[i] ? 1 : 0;
				predictedPositive += predicted ? 1 : 0;
				truePositive += predicted && positive[i] ? 1 : 0;
			}
			Double auc = rocAuc(scores, positive);
			if (auc != null) {
				aucSum += auc;
				defined++;
			}
			perLabel.add(new MultiLabelReport.LabelMetrics(labels.get(j), auc, positives,
					predictedPositive == 0 ? 0 : (double) truePositive / predictedPositive,
					positives == 0 ? 0 : (double) truePositive / positives));
		}
		return new MultiLabelReport(n, defined == 0 ? null : aucSum / defined, perLabel);
	}

	/**
	 * Index of the largest value in {@code values[offset .. offset+length)}, relative to
	 * offset.
	 */
	public static int argMax(float[] values, int offset, int length) {
		int best = 0;
		for (int i = 1; i < length; i++) {
			if (values[offset + i] > values[offset + best]) {
				best = i;
			}
		}
		return best;
	}

}
