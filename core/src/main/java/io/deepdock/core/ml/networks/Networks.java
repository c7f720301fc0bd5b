package io.deepdock.core.ml.networks;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import io.deepdock.core.ml.NativeThreads;
import io.deepdock.core.ml.OneDnn;
import io.deepdock.core.ml.Task;

/**
 * Builds the network for a task and architecture. Every network takes a flat input row
 * (784 pixels scaled to 0..1, or the text's bag-of-terms vector) so that batches are
 * filled the same way for all of them.
 */
public final class Networks {

	static {
		OneDnn.enable();
	}

	/** The workspace of {@link #output}, one per thread (ND4J's workspaces are). */
	public static final String OUTPUT_WORKSPACE = "deepdock-output";

	private static final WorkspaceConfiguration OUTPUT = WorkspaceConfiguration.builder()
		.initialSize(0)
		.overallocationLimit(0.2)
		.policyAllocation(AllocationPolicy.OVERALLOCATE)
		.policyLearning(LearningPolicy.FIRST_LOOP)
		.policyReset(ResetPolicy.BLOCK_LEFT)
		.policySpill(SpillPolicy.REALLOCATE)
		.build();

	private Networks() {
	}

	/**
	 * The network's output for {@code input} (inference), row-major, as Java floats.
	 *
	 * <p>
	 * The forward pass runs with an output workspace, so that the output layer's arrays
	 * live in it. Without one, DL4J computes the output layer outside any workspace, and
	 * its arrays (the broadcast op's dimension array among them) are freed by ND4J's
	 * garbage-collected deallocator: a collection during the native call that still uses
	 * one frees it under the call. Both web crashes seen on the Swarm (SIGSEGV in the
	 * output layer's bias broadcast, 18 ms after a collection; docs/crashes/) had that
	 * signature.
	 */
	public static float[] output(MultiLayerNetwork network, INDArray input) {
		try (MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(OUTPUT, OUTPUT_WORKSPACE)) {
			INDArray output = network.output(input, false, null, null, workspace);
			return output.dup('c').data().asFloat();
		}
	}

	/**
	 * A freshly initialised network.
	 * @param inputSize features per example (rows*cols for images, vocabulary size for
	 * text)
	 * @param epochs planned epochs: the learning rate follows a cosine from
	 * {@code learningRate} to a 20th of it
	 */
	public static MultiLayerNetwork build(Task task, Architecture architecture, int inputSize, double learningRate,
			int epochs, long seed) {
		if (!architecture.supports(task)) {
			throw new IllegalArgumentException(architecture.id() + " does not fit task " + task.id());
		}
		NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
			.updater(new Adam(cosine(learningRate, epochs)))
			.weightInit(WeightInit.RELU)
			.l2(architecture == Architecture.BOW ? 1e-5 : 5e-5)
			.trainingWorkspaceMode(WorkspaceMode.ENABLED)
			.inferenceWorkspaceMode(WorkspaceMode.ENABLED)
			.cacheMode(CacheMode.NONE)
			.list();
		int classes = task.labelCount();
		switch (architecture) {
			case SMALL -> list.layer(dense(256, 1.0));
			case LENET -> list.layer(conv(5, 20, false))
				.layer(maxPool())
				.layer(conv(5, 50, false))
				.layer(maxPool())
				.layer(dense(500, 1.0));
			// batch normalisation after the pooling, on a quarter of the convolution's
			// output: the step is about a fifth faster than with it before the pooling
			// (docs/performance.md, run 11), with accuracy within the test sets' noise
			case STANDARD -> list.layer(conv(5, 32, false))
				.layer(maxPool())
				.layer(new BatchNormalization.Builder().build())
				.layer(conv(3, 64, false))
				.layer(maxPool())
				.layer(new BatchNormalization.Builder().build())
				// dropOut(p) in DL4J is the probability of RETAINING an activation
				.layer(dense(256, 0.6));
			case BOW -> list.layer(dense(64, 0.7));
		}
		if (task.multiLabel()) {
			list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(classes)
				.activation(Activation.SIGMOID)
				.weightInit(WeightInit.XAVIER)
				.build());
		}
		else {
			list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
				.activation(Activation.SOFTMAX)
				.weightInit(WeightInit.XAVIER)
				.build());
		}
		if (task.kind() == Task.Kind.IMAGE) {
			list.setInputType(InputType.convolutionalFlat(task.rows(), task.cols(), 1));
		}
		else {
			list.setInputType(InputType.feedForward(inputSize));
		}
		MultiLayerNetwork network = new MultiLayerNetwork(list.build());
		network.init();
		return prepare(network);
	}

	/**
	 * Readies a network just built or read for this process's native kernels: its max
	 * pooling on libnd4j's loop ({@link NativePooling#install}) and OpenBLAS on one
	 * thread ({@link NativeThreads#settleBlas()}). Every network goes through it: this
	 * class, the artifact reader and the trainer's checkpoint reader.
	 */
	public static MultiLayerNetwork prepare(MultiLayerNetwork network) {
		NativePooling.install(network);
		NativeThreads.settleBlas();
		return network;
	}

	/**
	 * Cosine decay per epoch from {@code start} to {@code start / 20}; epochs past the
	 * plan keep the floor.
	 */
	static MapSchedule cosine(double start, int epochs) {
		Map<Integer, Double> values = new HashMap<>();
		for (int e = 0; e < epochs; e++) {
			values.put(e, learningRate(start, epochs, e));
		}
		return new MapSchedule(ScheduleType.EPOCH, values);
	}

	/**
	 * The learning rate of 0-based {@code epoch} out of {@code epochs}, as the schedule
	 * gives it.
	 */
	public static double learningRate(double start, int epochs, int epoch) {
		double floor = start / 20;
		double progress = epochs == 1 ? 0 : Math.min(1.0, (double) epoch / (epochs - 1));
		return floor + (start - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
	}

	private static ConvolutionLayer conv(int kernel, int filters, boolean same) {
		return new ConvolutionLayer.Builder(kernel, kernel).nOut(filters)
			.convolutionMode(same ? ConvolutionMode.Same : ConvolutionMode.Truncate)
			.activation(Activation.RELU)
			.build();
	}

	private static SubsamplingLayer maxPool() {
		return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
	}

	private static DenseLayer dense(int units, double retain) {
		DenseLayer.Builder builder = new DenseLayer.Builder().nOut(units).activation(Activation.RELU);
		if (retain < 1.0) {
			builder.dropOut(retain);
		}
		return builder.build();
	}

}
