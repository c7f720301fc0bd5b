package io.deepdock.launcher.swarm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A command-line tool that a validation test runs (docker, docker-compose, npm). Missing
 * in CI ({@code CI=true}, where {@code .ci/run} installs it), the test fails and says
 * what to install; missing on a developer's machine, the test is reported as skipped,
 * never passed.
 */
public final class ExternalTool {

	private ExternalTool() {
	}

	/** The tool's path on {@code PATH}. */
	static Path require(String name, String install) {
		for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (!directory.isEmpty() && Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		requireThat(false, name + " is not installed (" + install + ")");
		return null;
	}

	/**
	 * A tool's capability: when it lacks it, the test fails in CI and is skipped
	 * elsewhere.
	 */
	public static void requireThat(boolean condition, String message) {
		if (condition) {
			return;
		}
		if ("true".equals(System.getenv("CI"))) {
			fail(message + ": CI must run this check");
		}
		assumeTrue(false, message + ": skipped outside CI");
	}

	/** Runs a command in the repository root to its end. */
	static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
		Path output = Files.createTempFile("deepdock-tool", ".log");
		try {
			Process process = new ProcessBuilder(command).directory(StackFile.REPOSITORY.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail(String.join(" ", command) + " took longer than " + timeoutSeconds + " s:\n"
						+ Files.readString(output));
			}
			return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	record Result(List<String> command, int code, String output) {

		Result assertSucceeded() {
			if (this.code != 0) {
				fail(String.join(" ", this.command) + " exited with " + this.code + ":\n" + this.output);
			}
			return this;
		}

	}

}
