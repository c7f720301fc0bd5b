package io.deepdock.core.ml;

import java.util.function.Supplier;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.networks.Networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OneDnnTest {

	@Test
	void theStandardNetworkRunsItsConvolutionBatchNormAndPoolingLayersOnOneDnn() {
		MultiLayerNetwork network = Networks.build(Task.FASHION, Architecture.STANDARD, 784, 1e-3, 1, 1);
		assertThat(OneDnn.available()).isTrue();
		assertThat(OneDnn.nativeLibrary()).contains("linux-x86_64-onednn");
		// conv, pool, BN, conv, pool, BN; the dense and output layers have no helper
		assertThat(OneDnn.layersOnOneDnn(network)).isEqualTo(6);
		network.close();
	}

	@Test
	void withHelpersDisabledNoLayerRunsOnOneDnn() {
		MultiLayerNetwork network = withHelpersDisabled(
				() -> Networks.build(Task.FASHION, Architecture.STANDARD, 784, 1e-3, 1, 1));
		assertThat(OneDnn.layersOnOneDnn(network)).isZero();
		network.close();
	}

	@Test
	void oneDnnGivesTheBuiltInPathsOutputsAndGradients() {
		OneDnn.enable();
		MultiLayerNetwork fast = convNet();
		MultiLayerNetwork builtIn = withHelpersDisabled(OneDnnTest::convNet);
		assertThat(OneDnn.layersOnOneDnn(fast)).isEqualTo(3);
		assertThat(OneDnn.layersOnOneDnn(builtIn)).isZero();
		builtIn.setParams(fast.params().dup());

		Nd4j.getRandom().setSeed(3);
		INDArray features = Nd4j.rand(DataType.FLOAT, 8, 1, 12, 12);
		INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 3);
		for (int i = 0; i < 8; i++) {
			labels.putScalar(i, i % 3, 1f);
		}
		// inference: batch norm uses its running statistics
		assertThat(maxDifference(fast.output(features, false), builtIn.output(features, false))).isLessThan(1e-4);
		// training: batch norm uses the batch's statistics; gradients of every parameter
		fast.setInput(features);
		fast.setLabels(labels);
		fast.computeGradientAndScore();
		builtIn.setInput(features);
		builtIn.setLabels(labels);
		builtIn.computeGradientAndScore();
		assertThat(fast.score()).isCloseTo(builtIn.score(), within(1e-4));
		INDArray fastGradient = fast.gradient().gradient();
		INDArray builtInGradient = builtIn.gradient().gradient();
		assertThat(fastGradient.norm2Number().doubleValue()).isGreaterThan(0);
		assertThat(maxDifference(fastGradient, builtInGradient)).isLessThan(1e-3);
		fast.close();
		builtIn.close();
	}

	private static MultiLayerNetwork convNet() {
		MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
			.updater(new Sgd(0.1))
			.list()
			.layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
			.layer(new BatchNormalization.Builder().build())
			.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
				.activation(Activation.SOFTMAX)
				.build())
			.setInputType(InputType.convolutional(12, 12, 1))
			.build());
		network.init();
		return network;
	}

	private static double maxDifference(INDArray a, INDArray b) {
		return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
	}

	private static synchronized MultiLayerNetwork withHelpersDisabled(Supplier<MultiLayerNetwork> build) {
		String previous = System.getProperty(OneDnn.DISABLE_PROPERTY);
		System.setProperty(OneDnn.DISABLE_PROPERTY, "true");
		try {
			return build.get();
		}
		finally {
			if (previous == null) {
				System.clearProperty(OneDnn.DISABLE_PROPERTY);
			}
			else {
				System.setProperty(OneDnn.DISABLE_PROPERTY, previous);
			}
		}
	}

}
