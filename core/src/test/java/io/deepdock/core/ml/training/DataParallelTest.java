package io.deepdock.core.ml.training;

import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.deepdock.core.ml.OneDnn;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.networks.Networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DataParallelTest {

	private static final double TOLERANCE = 1e-5;

	@Test
	void stepsOnTwoReplicasGiveTheParametersAndAdamStateOfStepsOnTheWholeBatches() {
		OneDnn.enable();
		// lenet: convolutions, pooling, dense, L2 and Adam, and no dropout or batch norm,
		// so the whole batch's gradient is the sum of its parts'
		MultiLayerNetwork whole = Networks.build(Task.DIGITS, Architecture.LENET, 784, 1e-3, 10, 42);
		MultiLayerNetwork split = Networks.prepare(whole.clone());
		try (DataParallel parallel = new DataParallel(split, 2)) {
			// three steps: the second replica must compute on the parameters as the
			// previous step left them
			for (int step = 0; step < 3; step++) {
				DataSet batch = batch(64, step);
				whole.fit(batch);
				double loss = parallel.fit(parts(batch, 2));
				assertThat(loss).isCloseTo(whole.score(), within(1e-4));
			}
		}
		assertThat(maxDifference(split.params(), whole.params())).isLessThan(TOLERANCE);
		assertThat(maxDifference(split.getUpdater().getStateViewArray(), whole.getUpdater().getStateViewArray()))
			.isLessThan(TOLERANCE);
		assertThat(split.getIterationCount()).isEqualTo(whole.getIterationCount()).isEqualTo(3);
		// and the step moved the parameters at all
		assertThat(maxDifference(split.params(),
				Networks.build(Task.DIGITS, Architecture.LENET, 784, 1e-3, 10, 42).params()))
			.isGreaterThan(1e-4);
	}

	@Test
	void batchNormalisationsRunningMeanMovesTowardsTheWholeBatchsMeanNotTwiceAsFar() {
		MultiLayerNetwork whole = batchNormalised();
		MultiLayerNetwork split = whole.clone();
		DataSet batch = batch(48, 7);
		whole.fit(batch);
		try (DataParallel parallel = new DataParallel(split, 2)) {
			// unequal parts: the parts' means are weighed by their rows
			parallel.fit(new DataSet[] { rows(batch, 0, 16), rows(batch, 16, 48) });
		}
		INDArray expected = whole.getLayer(1).getParam("mean");
		assertThat(expected.norm2Number().doubleValue()).isGreaterThan(1e-3);
		assertThat(maxDifference(split.getLayer(1).getParam("mean"), expected)).isLessThan(TOLERANCE);
	}

	@Test
	void aBatchWithFewerRowsThanReplicasTrainsOnTheMastersPartAlone() {
		OneDnn.enable();
		MultiLayerNetwork whole = Networks.build(Task.DIGITS, Architecture.LENET, 784, 1e-3, 10, 42);
		MultiLayerNetwork split = Networks.prepare(whole.clone());
		DataSet one = batch(1, 3);
		whole.fit(one);
		try (DataParallel parallel = new DataParallel(split, 2)) {
			parallel.fit(new DataSet[] { one, null });
		}
		assertThat(maxDifference(split.params(), whole.params())).isLessThan(TOLERANCE);
	}

	@Test
	void closingTheLastOneRestoresTheProcesssNativeThreadCounts() {
		int threads = Nd4j.getEnvironment().maxThreads();
		int masterThreads = Nd4j.getEnvironment().maxMasterThreads();
		DataParallel first = new DataParallel(batchNormalised(), 2);
		try (DataParallel second = new DataParallel(batchNormalised(), 2)) {
			// (M2.1 keeps maxThreads at its start-up value whatever it is set to)
			assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);
			// two trainings at once: the first to close leaves the other on one thread
			first.close();
			first.close();
			assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);
		}
		assertThat(Nd4j.getEnvironment().maxThreads()).isEqualTo(threads);
		assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(masterThreads);
	}

	@Test
	void refusesFewerThanTwoReplicasAndAMismatchedSplit() {
		MultiLayerNetwork network = batchNormalised();
		assertThatThrownBy(() -> new DataParallel(network, 1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("at least 2");
		try (DataParallel parallel = new DataParallel(network, 2)) {
			DataSet batch = batch(4, 1);
			assertThatThrownBy(() -> parallel.fit(new DataSet[] { batch })).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("1 parts for 2 replicas");
			assertThatThrownBy(() -> parallel.fit(new DataSet[] { null, batch }))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("master's part is empty");
		}
	}

	private static MultiLayerNetwork batchNormalised() {
		MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
			.updater(new Adam(1e-2))
			.list()
			.layer(new DenseLayer.Builder().nIn(784).nOut(16).activation(Activation.RELU).build())
			.layer(new BatchNormalization.Builder().nOut(16).build())
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16)
				.nOut(10)
				.activation(Activation.SOFTMAX)
				.build())
			.build());
		network.init();
		return network;
	}

	/** Random pixels and one-hot labels. */
	private static DataSet batch(int rows, int seed) {
		Random random = new Random(seed);
		float[] pixels = new float[rows * 784];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = random.nextFloat();
		}
		float[] labels = new float[rows * 10];
		for (int i = 0; i < rows; i++) {
			labels[i * 10 + random.nextInt(10)] = 1f;
		}
		return new DataSet(Nd4j.create(pixels, new long[] { rows, 784 }, 'c'),
				Nd4j.create(labels, new long[] { rows, 10 }, 'c'));
	}

	private static DataSet[] parts(DataSet batch, int parts) {
		int rows = batch.numExamples();
		DataSet[] split = new DataSet[parts];
		for (int i = 0; i < parts; i++) {
			split[i] = rows(batch, rows * i / parts, rows * (i + 1) / parts);
		}
		return split;
	}

	private static DataSet rows(DataSet batch, int from, int to) {
		return new DataSet(batch.getFeatures().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c'),
				batch.getLabels().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c'));
	}

	private static double maxDifference(INDArray a, INDArray b) {
		return a.sub(b).amaxNumber().doubleValue();
	}

}
