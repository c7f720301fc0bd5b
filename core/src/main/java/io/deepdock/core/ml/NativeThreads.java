package io.deepdock.core.ml;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads ND4J's native code (libnd4j's OpenMP loops and OpenBLAS) uses in this
 * JVM. The setting is per process, not per network, so each service picks its own at
 * start-up:
 * <ul>
 * <li>web replicas (online inference): 1. A batch-1 forward pass is too small to split;
 * one thread gives a lower p99 (the probe: median 2.18 ms vs 1.72 ms, but p99 3.0 ms vs
 * 9.9 ms) and leaves the other core to Tomcat and to the other replicas on the node;</li>
 * <li>workers (training): all cores (2 here); training batches of 64-128 images split
 * well.</li>
 * </ul>
 * {@code OMP_NUM_THREADS} in the environment, set before the JVM starts, is the reliable
 * way: ND4J reads it when its native library loads and then uses it for its own loops,
 * its master threads and OpenBLAS (checked: {@code OMP_NUM_THREADS=1} gives maxThreads=1,
 * maxMasterThreads=1, omp=1). {@link #configure(int)} changes it at run time for code
 * that cannot set the environment (tests); in M2.1 it lowers the master threads and
 * OpenMP's count, but {@code Environment.maxThreads} stays at its start-up value.
 * OpenBLAS is kept on one thread ({@link #settleBlas()}).
 */
public final class NativeThreads {

	private NativeThreads() {
	}

	/**
	 * Uses {@code threads} native threads from now on, for ND4J ops and for BLAS calls.
	 */
	public static void configure(int threads) {
		if (threads < 1 || threads > 256) {
			throw new IllegalArgumentException("threads must be between 1 and 256, was " + threads);
		}
		Nd4j.getEnvironment().setMaxThreads(threads);
		Nd4j.getEnvironment().setMaxMasterThreads(threads);
		NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
	}

	/**
	 * {@code -Ddeepdock.blas.threads=N}: OpenBLAS's own threads (default 1; 0 leaves
	 * ND4J's choice, its OpenMP count). The benchmark's lever for the comparison.
	 */
	public static final String BLAS_THREADS_PROPERTY = "deepdock.blas.threads";

	/**
	 * Puts OpenBLAS (the dense layers' matrix products) on one thread, whatever
	 * {@code OMP_NUM_THREADS} is; idempotent, called wherever a network is built or read.
	 * ND4J gives OpenBLAS the OpenMP count, and OpenBLAS keeps a pool of its own threads
	 * beside OpenMP's team: with 2 of each on 2 cores, OpenBLAS's idle workers yield in a
	 * loop while OpenMP's threads wait at every barrier for a thread the kernel parked. A
	 * 2-thread training step ran no faster than a 1-thread one; with OpenBLAS on one
	 * thread it is 1.1 to 1.6 times faster ({@code standard}), 1.4 to 1.9 times
	 * ({@code lenet}) and about twice ({@code bow}): docs/performance.md, "OpenBLAS on
	 * one thread".
	 * @return OpenBLAS's thread count now
	 */
	public static int settleBlas() {
		int wanted = Integer.getInteger(BLAS_THREADS_PROPERTY, 1);
		Blas blas = Nd4j.factory().blas();
		if (wanted > 0 && blas.getMaxThreads() != wanted) {
			blas.setMaxThreads(wanted);
		}
		return blas.getMaxThreads();
	}

	/** The thread settings in effect, for logs and the health endpoint. */
	public static String describe() {
		return "nd4j maxThreads=%d maxMasterThreads=%d omp=%d blas=%d (OMP_NUM_THREADS=%s) onednn=%s".formatted(
				Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
				NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
				Nd4j.factory().blas().getMaxThreads(), System.getenv("OMP_NUM_THREADS"), OneDnn.available());
	}

}
