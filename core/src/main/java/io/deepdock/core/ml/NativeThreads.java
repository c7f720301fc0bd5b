package io.deepdock.core.ml;

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

	/** The thread settings in effect, for logs and the health endpoint. */
	public static String describe() {
		return "nd4j maxThreads=%d maxMasterThreads=%d omp=%d (OMP_NUM_THREADS=%s) onednn=%s".formatted(
				Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
				NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(), System.getenv("OMP_NUM_THREADS"),
				OneDnn.available());
	}

}
