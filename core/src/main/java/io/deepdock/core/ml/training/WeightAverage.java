package io.deepdock.core.ml.training;

import java.util.function.Supplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of a network's weights, updated after every step (Polyak
 * averaging). The average of the last epochs generalises better than the last step's
 * weights, which jump with every batch: digits went from 18 to 14 test errors with it
 * (docs/models.md, "Weight averaging").
 * <p>
 * Its time constant is {@code epochs} epochs' worth of steps, reached through a warm-up:
 * step {@code t} keeps {@code min(decay, (1 + t) / (10 + t))} of the average, so an early
 * average is not held back by the random initial weights. The average holds everything in
 * the network's parameter vector, batch normalisation's running mean and variance
 * included, so it is a network in its own right.
 */
final class WeightAverage {

	private final INDArray average;

	private final double decay;

	private long steps;

	/**
	 * @param start the weights to start from, or a resumed average (copied either way)
	 * @param steps how many steps {@code start} has already averaged
	 * @param stepsPerEpoch steps in one epoch
	 * @param epochs the time constant in epochs
	 */
	WeightAverage(INDArray start, long steps, int stepsPerEpoch, double epochs) {
		this.average = start.dup();
		this.steps = steps;
		this.decay = 1 - 1 / (epochs * stepsPerEpoch);
	}

	/** Moves the average towards {@code weights} after one step. */
	void update(INDArray weights) {
		this.steps++;
		double keep = Math.min(this.decay, (1.0 + this.steps) / (10.0 + this.steps));
		// in place, no temporary array: average = keep * average + (1 - keep) * weights
		this.average.muli(keep);
		Nd4j.getBlasWrapper().level1().axpy(this.average.length(), 1 - keep, weights, this.average);
	}

	/** The average itself (not a copy). */
	INDArray weights() {
		return this.average;
	}

	/**
	 * Runs {@code action} with the averaged weights in {@code network}, then puts the
	 * network's own weights back.
	 */
	<T> T apply(MultiLayerNetwork network, Supplier<T> action) {
		INDArray live = network.params().dup();
		network.setParams(this.average);
		try {
			return action.get();
		}
		finally {
			network.setParams(live);
		}
	}

}
