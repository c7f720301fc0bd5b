package io.deepdock.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./deepdock} from the repository root, as a user would, for the end-to-end
 * tests. The jars come from this build ({@code DEEPDOCK_NO_BUILD=1}).
 */
final class DeepdockCli {

	/** The repository root: tests run in {@code launcher/}. */
	static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

	/** What the end-to-end tests hand to the platform when CI names external services. */
	private static final List<String> INFRASTRUCTURE = List.of("DEEPDOCK_DB_URL", "DEEPDOCK_DB_USER",
			"DEEPDOCK_DB_PASSWORD", "DEEPDOCK_AMQP_URI", "DEEPDOCK_AMQP_NAMESPACE");

	private final Path home;

	private final Map<String, String> environment;

	/**
	 * @param home the state directory ({@code DEEPDOCK_HOME}), apart from a developer's
	 * {@code .deepdock}
	 * @param infrastructure {@code DEEPDOCK_DB_URL} and friends, or empty for the
	 * embedded ones, and any other variable to set (it wins over the defaults)
	 */
	DeepdockCli(Path home, Map<String, String> infrastructure) {
		this.home = home;
		this.environment = infrastructure;
	}

	Path home() {
		return this.home;
	}

	/** Starts {@code ./deepdock args...} with its output in {@code log}. */
	Process start(Path log, String... args) throws IOException {
		Files.createDirectories(log.getParent());
		return builder(args).redirectOutput(log.toFile()).start();
	}

	/** Runs {@code ./deepdock args...} to its end. */
	Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
		Path output = Files.createTempFile("deepdock-cli", ".log");
		try {
			Process process = builder(args).redirectOutput(output.toFile()).start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("./deepdock " + String.join(" ", args) + " took longer than " + timeoutSeconds
						+ " s:\n" + Files.readString(output));
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private ProcessBuilder builder(String... args) {
		List<String> command = new ArrayList<>();
		command.add(REPOSITORY.resolve("deepdock").toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile())
			.redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Map<String, String> env = builder.environment();
		INFRASTRUCTURE.forEach(env::remove);
		env.put("DEEPDOCK_HOME", this.home.toString());
		env.put("DEEPDOCK_NO_BUILD", "1");
		// a fresh platform would otherwise queue full trainings of digits and fashion and
		// keep the worker busy (a test that checks the bootstrap turns it back on)
		env.put("DEEPDOCK_BOOTSTRAP_TRAINMISSING", "false");
		// every test registers its users from 127.0.0.1, and against the machine's
		// PostgreSQL (CI's second pass) the platforms of one test JVM share a schema, so
		// the registrations of one test class would count against the next
		env.put("DEEPDOCK_REGISTRATION_PERCLIENT", "10000");
		// the test's own environment comes last: it may override the defaults above
		env.putAll(this.environment);
		return builder;
	}

	record Result(int code, String output) {
	}

}
