package io.deepdock.core.ml.networks;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max pooling on libnd4j's own kernel instead of oneDNN's. DL4J 1.0.0-M2.1 runs its
 * pooling ops through libnd4j's oneDNN platform helper, which for DL4J's NCHW arrays
 * picks oneDNN's reference pooling ({@code nchw_pooling_fwd_t}: a function call per
 * output value). On an AMD EPYC with one thread that took 480 µs an image for the two
 * pooling layers of {@code standard}, half of a whole forward pass, against 59 µs for
 * libnd4j's loop (docs/performance.md, "Max pooling off oneDNN"). The same op runs here
 * with the platform helpers refused for that op alone (the convolutions keep oneDNN), and
 * gives the same values bit for bit, forward and backward ({@code NativePoolingTest}).
 * <p>
 * The layer's configuration is untouched, so artifacts and checkpoints are the same as
 * before and any network gets it when it is built or read: {@link #install} replaces the
 * pooling layers of a network that {@link Networks}, the artifact reader or the trainer's
 * checkpoint reader made.
 */
public final class NativePooling extends SubsamplingLayer {

	/**
	 * {@code -Ddeepdock.pooling.onednn=true} leaves the pooling on oneDNN's path (the
	 * benchmark's lever for the comparison; a way back should a libnd4j build pool
	 * worse).
	 */
	public static final String ONEDNN_PROPERTY = "deepdock.pooling.onednn";

	private static final Field LAYER_MAP = layerMapField();

	private NativePooling(NeuralNetConfiguration conf, DataType dataType) {
		super(conf, dataType);
	}

	/**
	 * Replaces every plain {@code SubsamplingLayer} of {@code network} (after
	 * {@code init()} or a restore, before its first use) by one that pools on libnd4j's
	 * kernel; other layers are left as they are. Nothing is replaced when the JVM was
	 * started with {@link #ONEDNN_PROPERTY} true.
	 * @return how many layers were replaced
	 */
	public static int install(MultiLayerNetwork network) {
		if (Boolean.getBoolean(ONEDNN_PROPERTY)) {
			return 0;
		}
		Layer[] layers = network.getLayers();
		DataType dataType = network.getLayerWiseConfigurations().getDataType();
		int replaced = 0;
		for (int i = 0; i < layers.length; i++) {
			Layer layer = layers[i];
			if (layer.getClass() != SubsamplingLayer.class) {
				continue;
			}
			NativePooling pooling = new NativePooling(layer.conf(), dataType);
			pooling.setIndex(layer.getIndex());
			pooling.setListeners(layer.getListeners());
			layers[i] = pooling;
			layerMap(network).replaceAll((name, old) -> (old == layer) ? pooling : old);
			replaced++;
		}
		return replaced;
	}

	@Override
	public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
		if (!handled() || this.input == null || this.input.rank() != 4) {
			// DL4J's own path, with its checks and messages
			return super.activate(training, workspaceMgr);
		}
		INDArray in = this.input.castTo(this.dataType);
		int[] args = arguments();
		DynamicCustomOp pool = op("maxpool2d", args, in);
		INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(),
				pool.calculateOutputShape().get(0).getShape(), 'c');
		run(pool, args, out, in);
		return out;
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
		if (!handled() || this.input == null) {
			return super.backpropGradient(epsilon, workspaceMgr);
		}
		INDArray in = this.input.castTo(this.dataType);
		INDArray error = epsilon.castTo(this.dataType);
		INDArray atInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'c');
		int[] args = arguments();
		run(op("maxpool2d_bp", args, in, error), args, atInput, in, error);
		// no parameters: only the error at the input
		return new Pair<>(new DefaultGradient(), atInput);
	}

	/** Max pooling; anything else is left to DL4J's path. */
	private boolean handled() {
		return layerConf().getPoolingType() == PoolingType.MAX;
	}

	/**
	 * libnd4j's integer arguments of {@code maxpool2d} and {@code maxpool2d_bp}: kernel,
	 * stride, padding, dilation (height, width each), same mode, an unused extra, and the
	 * layout (0 NCHW, 1 NHWC).
	 */
	private int[] arguments() {
		org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf = layerConf();
		int[] kernel = conf.getKernelSize();
		int[] stride = conf.getStride();
		int[] padding = conf.getPadding();
		int[] dilation = conf.getDilation();
		return new int[] { kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1],
				(this.convolutionMode == ConvolutionMode.Same) ? 1 : 0, 0,
				(conf.getCnn2dDataFormat() == CNN2DFormat.NHWC) ? 1 : 0 };
	}

	private static DynamicCustomOp op(String name, int[] args, INDArray... inputs) {
		return DynamicCustomOp.builder(name).addInputs(inputs).addIntegerArguments(args).build();
	}

	/**
	 * Runs {@code custom} (built by {@link #op}) into {@code output} with libnd4j's
	 * platform helpers (oneDNN) refused for it alone.
	 */
	private static void run(DynamicCustomOp custom, int[] args, INDArray output, INDArray... inputs) {
		custom.addOutputArgument(output);
		try (OpContext context = Nd4j.getExecutioner().buildContext()) {
			context.allowHelpers(false);
			context.setIArguments(Arrays.stream(args).asLongStream().toArray());
			for (int i = 0; i < inputs.length; i++) {
				context.setInputArray(i, inputs[i]);
			}
			context.setOutputArray(0, output);
			Nd4j.getExecutioner().exec(custom, context);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			// only the context's close declares a checked exception
			throw new IllegalStateException(custom.opName() + ": " + ex.getMessage(), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Layer> layerMap(MultiLayerNetwork network) {
		try {
			return (Map<String, Layer>) LAYER_MAP.get(network);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("MultiLayerNetwork.layerMap is not readable", ex);
		}
	}

	/**
	 * The network's layers by name, which {@code getLayer(name)} reads: it must name the
	 * replacing layer too. DL4J has no setter for it.
	 */
	private static Field layerMapField() {
		try {
			Field field = MultiLayerNetwork.class.getDeclaredField("layerMap");
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

}
