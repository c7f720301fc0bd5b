package io.deepdock.core.ml.training;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fills minibatches from {@link Examples} into native arrays that are allocated once per
 * batch size and reused for every batch of every epoch: no per-batch or per-epoch copy of
 * the data set, so memory stays flat.
 */
final class Batcher {

	private final Examples examples;

	private final DataNormalization normalizer;

	private final float labelSmoothing;

	private final Map<Integer, Buffers> buffers = new HashMap<>();

	Batcher(Examples examples, DataNormalization normalizer) {
		this(examples, normalizer, 0);
	}

	/**
	 * @param labelSmoothing share of each target spread over the classes: the true class
	 * gets {@code 1 - s + s/k}, every other {@code s/k} (for the training batches;
	 * scoring reads the labels themselves)
	 */
	Batcher(Examples examples, DataNormalization normalizer, double labelSmoothing) {
		this.examples = examples;
		this.normalizer = normalizer;
		this.labelSmoothing = (float) labelSmoothing;
	}

	/**
	 * The batch of {@code order[from .. from+count)}. The arrays are overwritten by the
	 * next call with the same count, so use the batch before asking for the next one.
	 */
	DataSet batch(int[] order, int from, int count, SplittableRandom augmentation) {
		Buffers b = this.buffers.computeIfAbsent(count, Buffers::new);
		int features = this.examples.featureSize();
		int labels = this.examples.labelCount();
		for (int i = 0; i < count; i++) {
			this.examples.features(order[from + i], b.features, i * features, augmentation);
			this.examples.labels(order[from + i], b.labels, i * labels);
		}
		if (this.labelSmoothing > 0) {
			float spread = this.labelSmoothing / labels;
			for (int i = 0; i < count * labels; i++) {
				b.labels[i] = b.labels[i] * (1 - this.labelSmoothing) + spread;
			}
		}
		b.featureArray.data().setData(b.features);
		b.labelArray.data().setData(b.labels);
		if (this.normalizer != null) {
			this.normalizer.transform(b.featureArray);
		}
		return b.dataSet;
	}

	private final class Buffers {

		final float[] features;

		final float[] labels;

		final INDArray featureArray;

		final INDArray labelArray;

		final DataSet dataSet;

		Buffers(int count) {
			this.features = new float[count * Batcher.this.examples.featureSize()];
			this.labels = new float[count * Batcher.this.examples.labelCount()];
			this.featureArray = Nd4j.create(DataType.FLOAT, count, Batcher.this.examples.featureSize());
			this.labelArray = Nd4j.create(DataType.FLOAT, count, Batcher.this.examples.labelCount());
			this.dataSet = new DataSet(this.featureArray, this.labelArray);
		}

	}

}
