package io.deepdock.launcher.processes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JVM flags of a service process: memory bounded by design (heap, and JavaCPP's
 * off-heap limits for the roles that run ND4J), JavaCPP's cache where it can be reused,
 * and what newer JDKs need for JavaCPP.
 */
public final class JvmOptions {

	/** How often a role that trims gives the C heap's free pages back to the system. */
	public static final int TRIM_INTERVAL_MILLIS = 5000;

	private JvmOptions() {
	}

	/**
	 * Whether {@code -XX:TrimNativeHeapInterval} (the JVM calls glibc's
	 * {@code malloc_trim} periodically) is a product flag of this JVM: since 17.0.12,
	 * 21.0.4 and 23 (backports of JDK-8293114 and JDK-8325496). An older JVM would refuse
	 * to start with it, so it runs without.
	 */
	static boolean canTrimNativeHeap(Runtime.Version java) {
		return switch (java.feature()) {
			case 17 -> java.update() >= 12;
			case 21 -> java.update() >= 4;
			default -> java.feature() >= 23;
		};
	}

	/**
	 * @param role the service
	 * @param java the version of the JVM that will run it
	 * @param environment where {@code DEEPDOCK_<ROLE>_XMX} and friends and
	 * {@code DEEPDOCK_JAVA_OPTS} are read
	 * @param javacppCache JavaCPP's cache directory (natives unpacked on first start)
	 */
	public static List<String> of(ServiceRole role, Runtime.Version java, Map<String, String> environment,
			Path javacppCache) {
		String prefix = "DEEPDOCK_" + role.name() + "_";
		List<String> options = new ArrayList<>();
		options.add("-Xmx" + environment.getOrDefault(prefix + "XMX", role.defaultHeap()));
		// a service out of heap is broken: let it die and show up in status, not limp on
		options.add("-XX:+ExitOnOutOfMemoryError");
		options.addAll(role.gcOptions());
		if (role.usesNd4j()) {
			options.add("-Dorg.bytedeco.javacpp.cachedir=" + javacppCache);
			options.add("-Dorg.bytedeco.javacpp.maxbytes="
					+ environment.getOrDefault(prefix + "MAXBYTES", role.defaultMaxBytes()));
			options.add("-Dorg.bytedeco.javacpp.maxphysicalbytes="
					+ environment.getOrDefault(prefix + "MAXPHYSICALBYTES", role.defaultMaxPhysicalBytes()));
		}
		if (role.trimsNativeHeap() && canTrimNativeHeap(java)) {
			options.add("-XX:TrimNativeHeapInterval=" + TRIM_INTERVAL_MILLIS);
		}
		options.addAll(forJava(java.feature()));
		String extra = environment.get("DEEPDOCK_JAVA_OPTS");
		if (extra != null && !extra.isBlank()) {
			options.addAll(Arrays.asList(extra.trim().split("\\s+")));
		}
		return options;
	}

	/**
	 * What JavaCPP needs on newer JDKs: native access (restricted since 22) and
	 * {@code sun.misc.Unsafe} memory access (the flag exists since 23).
	 */
	static List<String> forJava(int javaFeature) {
		List<String> options = new ArrayList<>();
		if (javaFeature >= 22) {
			options.add("--enable-native-access=ALL-UNNAMED");
		}
		if (javaFeature >= 23) {
			options.add("--sun-misc-unsafe-memory-access=allow");
		}
		return options;
	}

}
