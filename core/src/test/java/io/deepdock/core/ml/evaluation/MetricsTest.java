package io.deepdock.core.ml.evaluation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {

	@Test
	void computesAccuracyPerClassMetricsAndConfusionByHand() {
		// confusion (rows actual, columns predicted): a [1 1 0], b [0 2 0], c [1 0 1]
		ClassificationReport report = Metrics.classification(new int[] { 0, 0, 1, 1, 2, 2 },
				new int[] { 0, 1, 1, 1, 2, 0 }, List.of("a", "b", "c"));

		assertThat(report.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
		assertThat(report.confusion()).isEqualTo(new int[][] { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 1 } });
		ClassificationReport.ClassMetrics a = report.perClass().get(0);
		assertThat(a.precision()).isCloseTo(0.5, within(1e-12));
		assertThat(a.recall()).isCloseTo(0.5, within(1e-12));
		assertThat(a.f1()).isCloseTo(0.5, within(1e-12));
		ClassificationReport.ClassMetrics b = report.perClass().get(1);
		assertThat(b.precision()).isCloseTo(2.0 / 3, within(1e-12));
		assertThat(b.recall()).isCloseTo(1.0, within(1e-12));
		assertThat(b.f1()).isCloseTo(0.8, within(1e-12));
		ClassificationReport.ClassMetrics c = report.perClass().get(2);
		assertThat(c.precision()).isCloseTo(1.0, within(1e-12));
		assertThat(c.recall()).isCloseTo(0.5, within(1e-12));
		assertThat(c.f1()).isCloseTo(2.0 / 3, within(1e-12));
		assertThat(c.support()).isEqualTo(2);
		assertThat(report.macroF1()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
	}

	@Test
	void givesZeroPrecisionForAClassNeverPredicted() {
		ClassificationReport report = Metrics.classification(new int[] { 0, 1 }, new int[] { 0, 0 }, List.of("a", "b"));

		assertThat(report.perClass().get(1).precision()).isZero();
		assertThat(report.perClass().get(1).recall()).isZero();
		assertThat(report.perClass().get(1).f1()).isZero();
	}

	@Test
	void computesRocAucByHand() {
		// pairs (positive, negative): (0.35, 0.1) win, (0.35, 0.4) loss, (0.8, 0.1) win,
		// (0.8, 0.4) win = 3/4
		assertThat(Metrics.rocAuc(new double[] { 0.1, 0.4, 0.35, 0.8 }, new boolean[] { false, false, true, true }))
			.isCloseTo(0.75, within(1e-12));
	}

	@Test
	void countsTiesAsHalf() {
		// positives 0.5, 0.9; negatives 0.2, 0.5: 1 + 0.5 (tie) + 1 + 1 = 3.5 of 4
		assertThat(Metrics.rocAuc(new double[] { 0.2, 0.5, 0.5, 0.9 }, new boolean[] { false, true, false, true }))
			.isCloseTo(0.875, within(1e-12));
		assertThat(Metrics.rocAuc(new double[] { 0.5, 0.5, 0.5, 0.5 }, new boolean[] { true, false, true, false }))
			.isCloseTo(0.5, within(1e-12));
	}

	@Test
	void nd4jExactRocCountsATieAsAWinWhichIsWhyRocAucStaysOurs() {
		// the countsTiesAsHalf case: 0.875 by hand, 1.0 by ND4J 1.0.0-M2.1; when this
		// fails, ND4J has fixed ties and Metrics.rocAuc can be ND4J's ROC
		org.nd4j.evaluation.classification.ROC roc = new org.nd4j.evaluation.classification.ROC(0);
		roc.eval(
				org.nd4j.linalg.factory.Nd4j.create(new double[] { 0, 1, 0, 1 }, new long[] { 4, 1 },
						org.nd4j.linalg.api.buffer.DataType.DOUBLE),
				org.nd4j.linalg.factory.Nd4j.create(new double[] { 0.2, 0.5, 0.5, 0.9 }, new long[] { 4, 1 },
						org.nd4j.linalg.api.buffer.DataType.DOUBLE));
		assertThat(roc.calculateAUC()).isEqualTo(1.0);
	}

	@Test
	void reportsZerosForAnEmptyEvaluationWhereNd4jHasNoMatrix() {
		ClassificationReport report = Metrics.classification(new int[0], new int[0], List.of("a", "b"));

		assertThat(report.accuracy()).isZero();
		assertThat(report.macroF1()).isZero();
		assertThat(report.confusion()).isEqualTo(new int[][] { { 0, 0 }, { 0, 0 } });
		assertThat(report.perClass()).extracting(ClassificationReport.ClassMetrics::support).containsExactly(0, 0);
	}

	@Test
	void givesOneForAPerfectRankingAndZeroForAnInvertedOne() {
		assertThat(Metrics.rocAuc(new double[] { 0.1, 0.2, 0.8, 0.9 }, new boolean[] { false, false, true, true }))
			.isEqualTo(1.0);
		assertThat(Metrics.rocAuc(new double[] { 0.9, 0.8, 0.2, 0.1 }, new boolean[] { false, false, true, true }))
			.isEqualTo(0.0);
	}

	@Test
	void leavesRocAucUndefinedWhenOnlyOneClassIsPresent() {
		assertThat(Metrics.rocAuc(new double[] { 0.1, 0.9 }, new boolean[] { true, true })).isNull();
		assertThat(Metrics.rocAuc(new double[] { 0.1, 0.9 }, new boolean[] { false, false })).isNull();
	}

	@Test
	void averagesOnlyTheDefinedLabelAucs() {
		// two examples, two labels: label x has one positive (AUC 1), label y has none
		// (undefined)
		float[] probabilities = { 0.9f, 0.3f, 0.2f, 0.6f };
		byte[] truth = { 1, 0, 0, 0 };

		MultiLabelReport report = Metrics.multiLabel(probabilities, truth, List.of("x", "y"));

		assertThat(report.perLabel().get(0).rocAuc()).isEqualTo(1.0);
		assertThat(report.perLabel().get(1).rocAuc()).isNull();
		assertThat(report.meanRocAuc()).isEqualTo(1.0);
		assertThat(report.perLabel().get(0).precision()).isEqualTo(1.0);
		assertThat(report.perLabel().get(1).precision()).isZero();
	}

}
