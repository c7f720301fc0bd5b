package io.deepdock.core.ml.networks;

import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.deepdock.core.ml.Task;

import static org.assertj.core.api.Assertions.assertThat;

class NativePoolingTest {

	@Test
	void poolsToTheSameValuesAsDl4jsOwnLayerForwardAndBackward() {
		MultiLayerNetwork pooled = Networks.build(Task.FASHION, Architecture.STANDARD, 784, 1e-3, 1, 1);
		MultiLayerNetwork plain = new MultiLayerNetwork(pooled.getLayerWiseConfigurations().clone());
		plain.init(pooled.params().dup(), true);
		assertThat(plain.getLayer(1).getClass()).isEqualTo(SubsamplingLayer.class);
		// ReLU outputs, so that ties (zeros) are in the pooled windows as in real use
		INDArray input = Nd4j.rand(DataType.FLOAT, 16, 784).subi(0.3).muli(255);
		INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
		for (int i = 0; i < 16; i++) {
			labels.putScalar(i, i % 10, 1);
		}

		assertThat(pooled.output(input, false)).isEqualTo(plain.output(input, false));
		assertThat(gradient(pooled, input, labels)).isEqualTo(gradient(plain, input, labels));
		pooled.close();
		plain.close();
	}

	@Test
	void networksAreBuiltWithEveryMaxPoolingLayerOnLibnd4jsKernelAndNamedSo() {
		MultiLayerNetwork standard = Networks.build(Task.DIGITS, Architecture.STANDARD, 784, 1e-3, 1, 1);
		MultiLayerNetwork lenet = Networks.build(Task.DIGITS, Architecture.LENET, 784, 1e-3, 1, 1);

		for (MultiLayerNetwork network : new MultiLayerNetwork[] { standard, lenet }) {
			int pools = 0;
			for (int i = 0; i < network.getnLayers(); i++) {
				org.deeplearning4j.nn.conf.layers.Layer conf = network.getLayerWiseConfigurations()
					.getConf(i)
					.getLayer();
				if (conf instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer) {
					assertThat(network.getLayer(i)).isInstanceOf(NativePooling.class);
					// by name too, as DL4J's getLayer(String) finds layers
					assertThat(network.getLayer(conf.getLayerName())).isSameAs(network.getLayer(i));
					assertThat(network.getLayer(i).getIndex()).isEqualTo(i);
					pools++;
				}
				else {
					assertThat(network.getLayer(i)).isNotInstanceOf(NativePooling.class);
				}
			}
			assertThat(pools).isEqualTo(2);
		}
		// installing twice changes nothing more
		assertThat(NativePooling.install(standard)).isZero();
		standard.close();
		lenet.close();
	}

	private static INDArray gradient(MultiLayerNetwork network, INDArray input, INDArray labels) {
		network.setInput(input);
		network.setLabels(labels);
		// the same dropout masks for both networks
		Nd4j.getRandom().setSeed(7);
		network.computeGradientAndScore();
		return network.gradient().gradient().dup();
	}

}
