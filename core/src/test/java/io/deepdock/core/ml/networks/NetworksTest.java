package io.deepdock.core.ml.networks;

import java.util.List;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.deepdock.core.ml.NativeThreads;
import io.deepdock.core.ml.Task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NetworksTest {

	@Test
	void theStandardNetworkNormalisesItsBatchesAfterPoolingOnAQuarterOfTheConvolutionsOutput() {
		MultiLayerNetwork network = Networks.build(Task.FASHION, Architecture.STANDARD, 784, 1e-3, 1, 1);
		List<Class<?>> layers = network.getLayerWiseConfigurations()
			.getConfs()
			.stream()
			.<Class<?>>map(conf -> conf.getLayer().getClass())
			.toList();
		assertThat(layers).containsExactly(ConvolutionLayer.class, SubsamplingLayer.class, BatchNormalization.class,
				ConvolutionLayer.class, SubsamplingLayer.class, BatchNormalization.class, DenseLayer.class,
				OutputLayer.class);

		List<INDArray> activations = network.feedForward(Nd4j.rand(DataType.FLOAT, 2, 784), false);
		// index 0 is the input: the first batch norm (layer 2) sees 12x12 maps, not the
		// convolution's 24x24
		assertThat(activations.get(3).shape()).containsExactly(2, 32, 12, 12);
		assertThat(activations.get(6).shape()).containsExactly(2, 64, 5, 5);
		network.close();
	}

	@Test
	void outputRunsTheForwardPassInTheThreadsOutputWorkspaceSoNoneOfItsArraysIsLeftToTheCollector() {
		MultiLayerNetwork network = Networks.build(Task.DIGITS, Architecture.SMALL, 784, 1e-3, 1, 1);
		INDArray input = Nd4j.rand(DataType.FLOAT, 3, 784);
		Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();

		Networks.output(network, input);

		// the output layer's arrays (its bias broadcast's among them) went into the
		// workspace: DL4J computes that layer outside any workspace when no output
		// workspace is given, and then the collector frees them, possibly under a native
		// call that still uses one
		assertThat(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(Networks.OUTPUT_WORKSPACE)).isTrue();
		MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(Networks.OUTPUT_WORKSPACE);
		assertThat(workspace.isScopeActive()).isFalse();
		assertThat(workspace.getCurrentSize()).isPositive();
		network.close();
	}

	@Test
	void buildingANetworkPutsOpenBlasOnOneThreadWhateverTheOpenMpCount() {
		Nd4j.factory().blas().setMaxThreads(2);
		Networks.build(Task.DIGITS, Architecture.SMALL, 784, 1e-3, 1, 1);
		assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
	}

	@Test
	void theBlasThreadsPropertyKeepsAnotherCountForTheBenchmarksComparison() {
		System.setProperty(NativeThreads.BLAS_THREADS_PROPERTY, "2");
		try {
			Nd4j.factory().blas().setMaxThreads(1);
			Networks.build(Task.DIGITS, Architecture.SMALL, 784, 1e-3, 1, 1);
			assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(2);
		}
		finally {
			System.clearProperty(NativeThreads.BLAS_THREADS_PROPERTY);
			NativeThreads.settleBlas();
		}
	}

	@Test
	void outputGivesTheNetworksOutputRowByRowAsJavaFloats() {
		MultiLayerNetwork network = Networks.build(Task.FASHION, Architecture.STANDARD, 784, 1e-3, 1, 1);
		INDArray input = Nd4j.rand(DataType.FLOAT, 5, 784);
		float[] detached = network.output(input, false).dup('c').data().asFloat();

		float[] first = Networks.output(network, input);
		float[] again = Networks.output(network, input);

		assertThat(first).hasSize(5 * 10).containsExactly(detached, within(1e-6f));
		assertThat(again).containsExactly(detached, within(1e-6f));
		network.close();
	}

}
