package io.deepdock.launcher.processes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmOptionsTests {

	private static final Path CACHE = Path.of("/cache");

	private static final Runtime.Version JAVA_17 = Runtime.Version.parse("17.0.15");

	@Test
	void boundsHeapAndNativeMemoryOfTheRolesThatRunNd4j() {
		assertThat(JvmOptions.of(ServiceRole.WEBAPP, JAVA_17, Map.of(), CACHE)).containsExactly("-Xmx384m",
				"-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Dorg.bytedeco.javacpp.cachedir=/cache",
				"-Dorg.bytedeco.javacpp.maxbytes=1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=2g");
		assertThat(JvmOptions.of(ServiceRole.WORKER, JAVA_17, Map.of(), CACHE)).contains("-Xmx1g",
				"-Dorg.bytedeco.javacpp.maxbytes=2g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=4g");
		assertThat(JvmOptions.of(ServiceRole.SCHEDULER, JAVA_17, Map.of(), CACHE)).containsExactly("-Xmx256m",
				"-XX:+ExitOnOutOfMemoryError");
	}

	@Test
	void theRolesThatRunNd4jUseTheSerialCollectorAndTheSchedulerTheJvmsChoice() {
		assertThat(JvmOptions.of(ServiceRole.WEBAPP, JAVA_17, Map.of(), CACHE)).contains("-XX:+UseSerialGC");
		assertThat(JvmOptions.of(ServiceRole.WORKER, JAVA_17, Map.of(), CACHE)).contains("-XX:+UseSerialGC");
		assertThat(JvmOptions.of(ServiceRole.SCHEDULER, JAVA_17, Map.of(), CACHE))
			.noneMatch((o) -> o.startsWith("-XX:+Use"));
	}

	@Test
	void theWorkerKeepsItsYoungGenerationSmallAndItsHeapCloseToItsLiveData() {
		// dead ND4J arrays hold native memory until a collection finds them: a small
		// young
		// generation finds them within a second or two, a tight old one keeps RSS flat
		assertThat(JvmOptions.of(ServiceRole.WORKER, JAVA_17, Map.of(), CACHE)).contains("-Xmx1g", "-Xms64m", "-Xmn48m",
				"-XX:SurvivorRatio=4", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
	}

	@Test
	void onlyTheWorkerTrimsTheNativeHeapAndOnlyOnAJvmThatHasTheFlag() {
		String trim = "-XX:TrimNativeHeapInterval=5000";
		assertThat(JvmOptions.of(ServiceRole.WORKER, JAVA_17, Map.of(), CACHE)).contains(trim);
		assertThat(JvmOptions.of(ServiceRole.WORKER, Runtime.Version.parse("17.0.8"), Map.of(), CACHE))
			.doesNotContain(trim);
		assertThat(JvmOptions.of(ServiceRole.WEBAPP, JAVA_17, Map.of(), CACHE)).doesNotContain(trim);
		assertThat(JvmOptions.of(ServiceRole.SCHEDULER, JAVA_17, Map.of(), CACHE)).doesNotContain(trim);
	}

	@Test
	void theNativeHeapIsTrimmedOnJvmsWhereTheFlagIsAProductFlag() {
		assertThat(JvmOptions.canTrimNativeHeap(Runtime.Version.parse("17.0.11"))).isFalse();
		assertThat(JvmOptions.canTrimNativeHeap(Runtime.Version.parse("17.0.12"))).isTrue();
		assertThat(JvmOptions.canTrimNativeHeap(Runtime.Version.parse("21.0.3"))).isFalse();
		assertThat(JvmOptions.canTrimNativeHeap(Runtime.Version.parse("21.0.4"))).isTrue();
		assertThat(JvmOptions.canTrimNativeHeap(Runtime.Version.parse("22.0.2"))).isFalse();
		assertThat(JvmOptions.canTrimNativeHeap(Runtime.Version.parse("25"))).isTrue();
	}

	@Test
	void everyRolesOptionsStartTheJvmThatRunsTheBuild() throws Exception {
		for (ServiceRole role : ServiceRole.values()) {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(JvmOptions.of(role, Runtime.version(), Map.of(), CACHE));
			command.add("-version");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			assertThat(process.waitFor()).as(role + ": " + output).isZero();
		}
	}

	@Test
	void everyBoundCanBeConfigured() {
		Map<String, String> environment = Map.of("DEEPDOCK_WORKER_XMX", "2g", "DEEPDOCK_WORKER_MAXBYTES", "3g",
				"DEEPDOCK_WORKER_MAXPHYSICALBYTES", "6g", "DEEPDOCK_JAVA_OPTS", " -Dx=1  -XX:+UseSerialGC ");
		assertThat(JvmOptions.of(ServiceRole.WORKER, JAVA_17, environment, CACHE))
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
