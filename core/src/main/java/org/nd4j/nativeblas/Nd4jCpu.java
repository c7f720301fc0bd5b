package org.nd4j.nativeblas;

/**
 * Restores the class name that DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()}
 * looks up by reflection ({@code org.nd4j.nativeblas.Nd4jCpu$Environment}). M2.1 moved
 * the binding to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and renamed
 * {@code isUseMKLDNN} to {@code isUseONEDNN}, so without this class the lookup fails and
 * every oneDNN layer helper (convolution, batch normalisation, pooling) is dropped, even
 * with the oneDNN build of libnd4j. See {@link io.deepdock.core.ml.OneDnn}.
 */
public final class Nd4jCpu {

	private Nd4jCpu() {
	}

	/** The part of the old binding that DL4J reads: the oneDNN switch. */
	public static final class Environment {

		private static final Environment INSTANCE = new Environment();

		private Environment() {
		}

		public static Environment getInstance() {
			return INSTANCE;
		}

		/** Whether libnd4j uses oneDNN for the ops that have a oneDNN implementation. */
		public boolean isUseMKLDNN() {
			return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
		}

	}

}
