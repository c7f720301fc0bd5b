package io.deepdock.launcher.processes;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmOptionsTests {

	private static final Path CACHE = Path.of("/cache");

	@Test
	void boundsHeapAndNativeMemoryOfTheRolesThatRunNd4j() {
		assertThat(JvmOptions.of(ServiceRole.WEBAPP, 17, Map.of(), CACHE)).containsExactly("-Xmx384m",
				"-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Dorg.bytedeco.javacpp.cachedir=/cache",
				"-Dorg.bytedeco.javacpp.maxbytes=1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=2g");
		assertThat(JvmOptions.of(ServiceRole.WORKER, 17, Map.of(), CACHE)).contains("-Xmx1g",
				"-Dorg.bytedeco.javacpp.maxbytes=2g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=4g");
		assertThat(JvmOptions.of(ServiceRole.SCHEDULER, 17, Map.of(), CACHE)).containsExactly("-Xmx256m",
				"-XX:+ExitOnOutOfMemoryError");
	}

	@Test
	void onlyTheWebReplicaChoosesItsCollector() {
		assertThat(JvmOptions.of(ServiceRole.WEBAPP, 17, Map.of(), CACHE)).contains("-XX:+UseSerialGC");
		assertThat(JvmOptions.of(ServiceRole.WORKER, 17, Map.of(), CACHE)).noneMatch((o) -> o.startsWith("-XX:+Use"));
		assertThat(JvmOptions.of(ServiceRole.SCHEDULER, 17, Map.of(), CACHE))
			.noneMatch((o) -> o.startsWith("-XX:+Use"));
	}

	@Test
	void everyBoundCanBeConfigured() {
		Map<String, String> environment = Map.of("DEEPDOCK_WORKER_XMX", "2g", "DEEPDOCK_WORKER_MAXBYTES", "3g",
				"DEEPDOCK_WORKER_MAXPHYSICALBYTES", "6g", "DEEPDOCK_JAVA_OPTS", " -Dx=1  -XX:+UseSerialGC ");
		assertThat(JvmOptions.of(ServiceRole.WORKER, 17, environment, CACHE))
			.contains("-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=3g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g")
			.endsWith("-Dx=1", "-XX:+UseSerialGC");
	}

	@Test
	void newerJavaGetsWhatJavaCppNeeds() {
		assertThat(JvmOptions.forJava(17)).isEmpty();
		assertThat(JvmOptions.forJava(22)).containsExactly("--enable-native-access=ALL-UNNAMED");
		assertThat(JvmOptions.forJava(25)).containsExactly("--enable-native-access=ALL-UNNAMED",
				"--sun-misc-unsafe-memory-access=allow");
	}

}
