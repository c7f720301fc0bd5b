package io.deepdock.core.ml;

import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes DL4J run convolution, batch normalisation and pooling through libnd4j's oneDNN
 * build, as one native op per layer, instead of its built-in Java-orchestrated path
 * (im2col, a permute, a matrix multiply, then a broadcast add and the activation, each a
 * separate op on strided arrays). On this project's networks that is 2-3× faster for both
 * training and inference (docs/performance.md, run 6).
 * <p>
 * Three things are needed, and DL4J 1.0.0-M2.1 ships with none of them on:
 * <ul>
 * <li>the {@code linux-x86_64-onednn} build of {@code nd4j-native} (the root pom's
 * {@code nd4j.native.classifier});</li>
 * <li>{@code org.eclipse.deeplearning4j.helpers.disable=false}: M2.1's
 * {@code HelperUtils} creates no layer helper unless this property says so;</li>
 * <li>{@link org.nd4j.nativeblas.Nd4jCpu}, a class that M2.1's helper check still looks
 * up under its pre-M2 name.</li>
 * </ul>
 * The property is read when a layer is instantiated, so {@link #enable()} must run before
 * a network is built or restored: {@code Networks}, {@code ModelArtifacts} and the
 * trainer's checkpoint reader call it. An operator can still turn the helpers off with
 * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true}.
 */
public final class OneDnn {

	/** DL4J's switch; it defaults to "true" (helpers disabled). */
	public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

	private static final String ONEDNN_PACKAGE = BaseMKLDNNHelper.class.getPackageName();

	private OneDnn() {
	}

	/**
	 * Lets layers created from now on use the oneDNN helpers, unless the JVM was started
	 * with the property set.
	 */
	public static void enable() {
		if (System.getProperty(DISABLE_PROPERTY) == null) {
			System.setProperty(DISABLE_PROPERTY, "false");
		}
	}

	/**
	 * Whether layers created now get oneDNN helpers: allowed, and the libnd4j that
	 * JavaCPP loaded is the oneDNN build. (The plain build accepts the helpers too, but
	 * runs their ops without oneDNN.)
	 */
	public static boolean available() {
		return !Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "true")) && BaseMKLDNNHelper.mklDnnEnabled()
				&& nativeLibrary().contains("onednn");
	}

	/** Where the loaded libnd4j came from: JavaCPP's cache path names its build. */
	public static String nativeLibrary() {
		Nd4j.getEnvironment();
		return String.valueOf(Loader.getLoadedLibraries().get("nd4jcpu"));
	}

	/** How many of the network's layers run through a oneDNN helper. */
	public static int layersOnOneDnn(MultiLayerNetwork network) {
		int count = 0;
		for (Layer layer : network.getLayers()) {
			LayerHelper helper = layer.getHelper();
			if (helper != null && helper.getClass().getPackageName().equals(ONEDNN_PACKAGE)) {
				count++;
			}
		}
		return count;
	}

}
