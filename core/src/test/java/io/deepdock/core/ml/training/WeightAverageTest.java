package io.deepdock.core.ml.training;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightAverageTest {

	private static INDArray filled(double value) {
		return Nd4j.valueArrayOf(new long[] { 1, 5 }, value, DataType.FLOAT);
	}

	@Test
	void theFirstStepsFollowTheWeightsClosely() {
		// step 1 keeps min(decay, 2/11) of the average: the random start counts little
		WeightAverage average = new WeightAverage(filled(0), 0, 100, 2);
		average.update(filled(11));
		assertThat(average.weights().getDouble(0)).isCloseTo(9, within(1e-5));
	}

	@Test
	void laterStepsKeepTheAverageOverItsTimeConstant() {
		// 2 epochs of 100 steps: each step keeps 1 - 1/200 of the average
		WeightAverage average = new WeightAverage(filled(1), 100_000, 100, 2);
		average.update(filled(201));
		assertThat(average.weights().getDouble(4)).isCloseTo(2, within(1e-4));
	}

	@Test
	void startsFromACopyAndLeavesTheWeightsItIsGivenAlone() {
		INDArray start = filled(3);
		WeightAverage average = new WeightAverage(start, 0, 10, 1);
		INDArray weights = filled(5);
		average.update(weights);
		assertThat(start.getDouble(0)).isEqualTo(3);
		assertThat(weights.getDouble(0)).isEqualTo(5);
		assertThat(average.weights().getDouble(0)).isGreaterThan(3).isLessThan(5);
	}

}
