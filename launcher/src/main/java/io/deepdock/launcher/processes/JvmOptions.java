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

	private JvmOptions() {
	}

	/**
	 * @param role the service
	 * @param javaFeature the feature release of the JVM that will run it (17, 25, ...)
	 * @param environment where {@code DEEPDOCK_<ROLE>_XMX} and friends and
	 * {@code DEEPDOCK_JAVA_OPTS} are read
	 * @param javacppCache JavaCPP's cache directory (natives unpacked on first start)
	 */
	public static List<String> of(ServiceRole role, int javaFeature, Map<String, String> environment,
			Path javacppCache) {
		String prefix = "DEEPDOCK_" + role.name() + "_";
		List<String> options = new ArrayList<>();
		options.add("-Xmx" + environment.getOrDefault(prefix + "XMX", role.defaultHeap()));
		// a service out of heap is broken: let it die and show up in status, not limp on
		options.add("-XX:+ExitOnOutOfMemoryError");
		if (role.collector() != null) {
			options.add(role.collector());
		}
		if (role.usesNd4j()) {
			options.add("-Dorg.bytedeco.javacpp.cachedir=" + javacppCache);
			options.add("-Dorg.bytedeco.javacpp.maxbytes="
					+ environment.getOrDefault(prefix + "MAXBYTES", role.defaultMaxBytes()));
			options.add("-Dorg.bytedeco.javacpp.maxphysicalbytes="
					+ environment.getOrDefault(prefix + "MAXPHYSICALBYTES", role.defaultMaxPhysicalBytes()));
		}
		options.addAll(forJava(javaFeature));
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
