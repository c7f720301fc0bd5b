package io.deepdock.launcher.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./deepdock} script's own logic: usage, the JDK check and when it rebuilds.
 */
class DeepdockScriptTests {

	static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

	static final Path SCRIPT = REPOSITORY.resolve("deepdock");

	@TempDir
	Path directory;

	@Test
	void unknownCommandPrintsUsageAndExitsWithTwo() throws Exception {
		Result result = run(List.of("/bin/bash", SCRIPT.toString(), "start"), Map.of());
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.output()).contains("unknown command 'start'", "usage: ./deepdock", "up ", "down ", "status ",
				"bench ");
		assertThat(run(List.of("/bin/bash", SCRIPT.toString()), Map.of()).code()).isEqualTo(2);
	}

	@Test
	void swarmHelpNamesEverySwarmCommandAndNeedsNoJava() throws Exception {
		Path bin = Files.createDirectories(this.directory.resolve("swarm-bin"));
		for (String tool : List.of("bash", "dirname", "cat")) {
			Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin/" + tool));
		}
		Result result = run(List.of("/bin/bash", SCRIPT.toString(), "swarm", "help"), Map.of("PATH", bin.toString()));
		assertThat(result.code()).as(result.output()).isZero();
		assertThat(result.output()).contains("up ", "--web N", "--workers M", "--port P", "--nodes N", "status",
				"scale", "SERVICE=N", "down", "--volumes");
	}

	@Test
	void swarmUpRefusesABadOptionBeforeTouchingTheEngine() throws Exception {
		Result badCount = run(List.of("/bin/bash", SCRIPT.toString(), "swarm", "up", "--web", "none"), Map.of());
		assertThat(badCount.code()).isEqualTo(1);
		assertThat(badCount.output()).contains("--web must be a positive number, not 'none'");
		Result unknown = run(List.of("/bin/bash", SCRIPT.toString(), "swarm", "up", "--replicas", "2"), Map.of());
		assertThat(unknown.code()).isEqualTo(1);
		assertThat(unknown.output()).contains("unknown option '--replicas'");
		Result badNodes = run(List.of("/bin/bash", SCRIPT.toString(), "swarm", "up", "--nodes", "0"), Map.of());
		assertThat(badNodes.code()).isEqualTo(1);
		assertThat(badNodes.output()).contains("--nodes must be a number from 1 to 9, not '0'");
		Result badScale = run(List.of("/bin/bash", SCRIPT.toString(), "swarm", "scale", "webapp"), Map.of());
		assertThat(badScale.code()).isEqualTo(1);
		assertThat(badScale.output()).contains("'webapp' is not SERVICE=N");
	}

	@Test
	void refusesWhenThereIsNoJava() throws Exception {
		Path bin = Files.createDirectories(this.directory.resolve("bin"));
		Files.createSymbolicLink(bin.resolve("dirname"), Path.of("/usr/bin/dirname"));
		Result result = run(List.of("/bin/bash", SCRIPT.toString(), "status"), Map.of("PATH", bin.toString()));
		assertThat(result.code()).isEqualTo(1);
		assertThat(result.output()).contains("no Java found", "JDK 17 or newer");
	}

	@Test
	void refusesAJavaOlderThan17() throws Exception {
		Path jdk = Files.createDirectories(this.directory.resolve("jdk/bin"));
		Path java = jdk.resolve("java");
		Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 1.8' >&2\n");
		java.toFile().setExecutable(true);
		Result result = run(List.of("/bin/bash", SCRIPT.toString(), "status"),
				Map.of("JAVA_HOME", jdk.getParent().toString()));
		assertThat(result.code()).isEqualTo(1);
		assertThat(result.output()).contains("is Java 8; deepdock needs a JDK 17 or newer");
	}

	@Test
	void rebuildsWhenAJarIsMissingOrOlderThanTheSources() throws Exception {
		Path repository = this.directory.resolve("repo");
		Instant built = Instant.parse("2026-01-01T00:00:00Z");
		file(repository.resolve("pom.xml"), built.minusSeconds(60));
		file(repository.resolve("core/src/main/java/A.java"), built.minusSeconds(60));
		file(repository.resolve("webapp/src/test/java/ATest.java"), built.plusSeconds(60));
		for (String module : List.of("webapp", "worker", "scheduler")) {
			file(repository.resolve(module + "/target/deepdock-" + module + ".jar"), built);
		}
		assertThat(staleReason(repository)).isEqualTo("launcher/target/deepdock-launcher.jar is missing");

		file(repository.resolve("launcher/target/deepdock-launcher.jar"), built);
		// a test source and target/ are not in the jars
		file(repository.resolve("core/target/classes/A.class"), built.plusSeconds(60));
		assertThat(staleReason(repository)).isEmpty();

		file(repository.resolve("core/src/main/java/A.java"), built.plusSeconds(60));
		assertThat(staleReason(repository))
			.isEqualTo("core/src/main/java/A.java changed since " + "webapp/target/deepdock-webapp.jar was built");
	}

	@Test
	void benchRunsTheBenchmarkJarWithItsOptionsAndNotTheLauncher() throws Exception {
		Path repository = this.directory.resolve("repo");
		Files.createDirectories(repository);
		Files.copy(SCRIPT, repository.resolve("deepdock"));
		Path java = fakeJava();
		Map<String, String> environment = Map.of("JAVA_HOME", java.getParent().getParent().toString(),
				"DEEPDOCK_NO_BUILD", "1");

		Result missing = run(List.of("/bin/bash", repository.resolve("deepdock").toString(), "bench"), environment);
		assertThat(missing.code()).isEqualTo(1);
		assertThat(missing.output()).contains("deepdock-bench.jar is missing", "-pl bench -am");

		file(repository.resolve("bench/target/deepdock-bench.jar"), Instant.now());
		Result result = run(
				List.of("/bin/bash", repository.resolve("deepdock").toString(), "bench", "--builtin", "--no-python"),
				environment);
		assertThat(result.code()).as(result.output()).isZero();
		assertThat(result.output().strip())
			.isEqualTo("ran: -jar " + repository.resolve("bench/target/deepdock-bench.jar") + " --builtin --no-python");
	}

	@Test
	void loadtestRunsTheLoadtestCommandOnTheLoadtestsClasspathAndNotTheLauncher() throws Exception {
		Path repository = this.directory.resolve("repo");
		Files.createDirectories(repository);
		Files.copy(SCRIPT, repository.resolve("deepdock"));
		Path java = fakeJava();
		Map<String, String> environment = Map.of("JAVA_HOME", java.getParent().getParent().toString(),
				"DEEPDOCK_NO_BUILD", "1");

		Result missing = run(List.of("/bin/bash", repository.resolve("deepdock").toString(), "loadtest"), environment);
		assertThat(missing.code()).isEqualTo(1);
		assertThat(missing.output()).contains("loadtest-classpath.txt is missing", "-pl loadtests");

		Path classpath = repository.resolve("loadtests/target/loadtest-classpath.txt");
		file(classpath, Instant.now());
		Files.writeString(classpath, "/m2/jmeter.jar:/m2/jfreechart.jar");
		Result result = run(List.of("/bin/bash", repository.resolve("deepdock").toString(), "loadtest", "--web", "1,2",
				"--duration", "30s"), environment);
		assertThat(result.code()).as(result.output()).isZero();
		assertThat(result.output().strip()).isEqualTo("ran: -Xmx1g -Ddeepdock.root=" + repository + " -cp "
				+ repository.resolve("loadtests/target/test-classes")
				+ ":/m2/jmeter.jar:/m2/jfreechart.jar io.deepdock.loadtests.scaling.LoadtestCommand --web 1,2 --duration 30s");
	}

	/** A {@code java} that says it is 17 and prints the arguments it was run with. */
	private Path fakeJava() throws IOException {
		Path java = Files.createDirectories(this.directory.resolve("jdk/bin")).resolve("java");
		Files.writeString(java, """
				#!/bin/sh
				case "$1" in
				  -XshowSettings*) echo '    java.specification.version = 17' >&2 ;;
				  *) echo "ran: $*" ;;
				esac
				""");
		java.toFile().setExecutable(true);
		return java;
	}

	private String staleReason(Path repository) throws Exception {
		Result result = run(List.of("/bin/bash", "-c", "source \"$1\" && stale_reason \"$2\"", "bash",
				SCRIPT.toString(), repository.toString()), Map.of());
		assertThat(result.code()).as(result.output()).isZero();
		return result.output().strip();
	}

	private static void file(Path path, Instant modified) throws IOException {
		Files.createDirectories(path.getParent());
		if (!Files.exists(path)) {
			Files.writeString(path, "x");
		}
		Files.setLastModifiedTime(path, FileTime.from(modified));
	}

	private Result run(List<String> command, Map<String, String> environment) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		builder.environment().remove("JAVA_HOME");
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	record Result(int code, String output) {
	}

}
