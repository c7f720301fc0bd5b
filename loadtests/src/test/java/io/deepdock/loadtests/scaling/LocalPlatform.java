package io.deepdock.loadtests.scaling;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code ./deepdock up} run as a separate process, as a user runs it: the load tests
 * use only the platform's command line, its state directory and its HTTP interface, never
 * another module's classes.
 */
public final class LocalPlatform implements AutoCloseable {

	private static final Pattern UP = Pattern.compile("deepdock is up: (http://\\S+)");

	/**
	 * What the machine's CI names; removed so that the platform runs on its embedded
	 * infrastructure.
	 */
	private static final List<String> EXTERNAL = List.of("DEEPDOCK_DB_URL", "DEEPDOCK_DB_USER", "DEEPDOCK_DB_PASSWORD",
			"DEEPDOCK_AMQP_URI", "DEEPDOCK_AMQP_NAMESPACE");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path root;

	private final Path home;

	private final Map<String, String> environment;

	private final Process launcher;

	private final String url;

	private LocalPlatform(Path root, Path home, Map<String, String> environment, Process launcher, String url) {
		this.root = root;
		this.home = home;
		this.environment = environment;
		this.launcher = launcher;
		this.url = url;
	}

	/**
	 * The environment of a {@code ./deepdock} run on {@code home}: the embedded
	 * infrastructure, no bootstrap trainings, and the jars as built when {@code noBuild}.
	 */
	public static Map<String, String> environment(Path home, boolean noBuild) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("DEEPDOCK_HOME", home.toAbsolutePath().toString());
		// a fresh platform would otherwise queue full trainings of digits and fashion
		environment.put("DEEPDOCK_BOOTSTRAP_TRAINMISSING", "false");
		if (noBuild) {
			environment.put("DEEPDOCK_NO_BUILD", "1");
		}
		return environment;
	}

	/**
	 * Runs {@code ./deepdock args...} to its end and returns its output; fails on a
	 * non-zero exit.
	 */
	public static String run(Path root, Map<String, String> environment, Duration timeout, Path log, String... args)
			throws IOException, InterruptedException {
		Process process = builder(root, environment, log, args).start();
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
			// the services and the embedded PostgreSQL it started go with it
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new IllegalStateException("./deepdock " + String.join(" ", args) + " took longer than " + timeout
					+ " (output in " + log + ")");
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		if (process.exitValue() != 0) {
			throw new IllegalStateException("./deepdock " + String.join(" ", args) + " exited with "
					+ process.exitValue() + ":\n" + tail(output, 30));
		}
		return output;
	}

	/**
	 * Starts {@code ./deepdock up args...} and waits (at most {@code timeout}) until it
	 * prints its URL.
	 */
	public static LocalPlatform up(Path root, Map<String, String> environment, Duration timeout, Path log,
			String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("up"));
		command.addAll(List.of(args));
		Process launcher = builder(root, environment, log, command.toArray(String[]::new)).start();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			String output = Files.readString(log, StandardCharsets.UTF_8);
			Matcher matcher = UP.matcher(output);
			if (matcher.find()) {
				return new LocalPlatform(root, Path.of(environment.get("DEEPDOCK_HOME")), environment, launcher,
						matcher.group(1));
			}
			if (!launcher.isAlive()) {
				throw new IllegalStateException(
						"./deepdock up exited with " + launcher.exitValue() + ":\n" + tail(output, 40));
			}
			Thread.sleep(500);
		}
		launcher.destroy();
		throw new IllegalStateException("./deepdock up printed no URL within " + timeout + " (output in " + log + ")");
	}

	/** The URL users go to (nginx), ending in a slash. */
	public String url() {
		return this.url;
	}

	public Path home() {
		return this.home;
	}

	/** The admin's password, which {@code up} generated into the state directory. */
	public String adminPassword() throws IOException {
		return Files.readString(this.home.resolve("admin-password")).strip();
	}

	/**
	 * The processes of the platform by role, from its run state: each web replica on its
	 * own ({@code webapp-1}, ...), {@code worker}, {@code scheduler}, {@code nginx},
	 * {@code postgres} and {@code launcher} (which also runs the embedded broker). A
	 * process's children (nginx's workers, PostgreSQL's backends) count with it.
	 */
	public Map<String, Long> processes() throws IOException {
		JsonNode state = JSON.readTree(Files.readString(this.home.resolve("run/state.json")));
		Map<String, Long> roots = new LinkedHashMap<>();
		roots.put("launcher", state.get("launcherPid").asLong());
		state.get("services")
			.forEach((service) -> roots.put(service.get("name").asString(), service.get("pid").asLong()));
		JsonNode nginx = state.get("nginx");
		if (nginx != null && !nginx.isNull()) {
			roots.put("nginx", nginx.get("pid").asLong());
		}
		long postgres = state.get("infrastructure").get("postgresPid").asLong();
		if (postgres > 0) {
			roots.put("postgres", postgres);
		}
		return roots;
	}

	/** {@code ./deepdock down}; the launcher is killed if it is still there after it. */
	@Override
	public void close() throws IOException, InterruptedException {
		if (this.launcher.isAlive()) {
			try {
				run(this.root, this.environment, Duration.ofMinutes(3), this.home.resolve("down.log"), "down");
			}
			catch (IllegalStateException ex) {
				System.err.println(ex.getMessage());
			}
			if (!this.launcher.waitFor(30, TimeUnit.SECONDS)) {
				this.launcher.descendants().forEach(ProcessHandle::destroyForcibly);
				this.launcher.destroyForcibly();
			}
		}
	}

	private static ProcessBuilder builder(Path root, Map<String, String> environment, Path log, String... args)
			throws IOException {
		Files.createDirectories(log.toAbsolutePath().getParent());
		List<String> command = new ArrayList<>();
		command.add(root.resolve("deepdock").toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		EXTERNAL.forEach(builder.environment()::remove);
		builder.environment().putAll(environment);
		return builder;
	}

	static String tail(String text, int lines) {
		String[] all = text.split("\n");
		return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
	}

}
