package io.deepdock.core.ml.training;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import io.deepdock.core.ml.SyntheticImages;
import io.deepdock.core.ml.data.ImageSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BatcherTest {

	private static final ImageSet IMAGES = SyntheticImages.of(20, 3);

	@Test
	void smoothedTargetsGiveTheTrueClassOneMinusSPlusSOverKAndEveryOtherSOverK() {
		int[] order = { 3, 7, 11 };
		DataSet batch = new Batcher(new ImageExamples(IMAGES, null), null, 0.1).batch(order, 0, 3, null);
		float[] labels = batch.getLabels().dup('c').data().asFloat();
		for (int i = 0; i < order.length; i++) {
			float sum = 0;
			for (int c = 0; c < 10; c++) {
				float expected = (c == IMAGES.label(order[i])) ? 0.91f : 0.01f;
				assertThat(labels[i * 10 + c]).as("row %d class %d", i, c).isCloseTo(expected, within(1e-6f));
				sum += labels[i * 10 + c];
			}
			assertThat(sum).isCloseTo(1f, within(1e-5f));
		}
	}

	@Test
	void withoutSmoothingTheTargetsAreOneHot() {
		int[] order = { 3, 7, 11 };
		DataSet batch = new Batcher(new ImageExamples(IMAGES, null), null).batch(order, 0, 3, null);
		float[] labels = batch.getLabels().dup('c').data().asFloat();
		for (int i = 0; i < order.length; i++) {
			for (int c = 0; c < 10; c++) {
				assertThat(labels[i * 10 + c]).isEqualTo((c == IMAGES.label(order[i])) ? 1f : 0f);
			}
		}
	}

}
