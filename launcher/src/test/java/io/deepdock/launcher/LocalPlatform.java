package io.deepdock.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.deepdock.embedded.FreePorts;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code ./deepdock up} with nginx in front for an end-to-end test class: started once,
 * in a state directory of its own under {@code launcher/target}, and stopped with
 * {@code ./deepdock down}. Like {@link PlatformE2EIT}, it runs on the embedded PostgreSQL
 * and broker, or on the machine's when CI names them.
 */
final class LocalPlatform implements AutoCloseable {

	static final Path TARGET = DeepdockCli.REPOSITORY.resolve("launcher/target");

	private static final Pattern UP = Pattern.compile("deepdock is up: (http://\\S+)");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DeepdockCli deepdock;

	private final Process launcher;

	private final Path log;

	private final String url;

	private final ApiClient admin;

	private final String adminPassword;

	/** {@link System#nanoTime()} when {@code ./deepdock up} was started. */
	private final long startedNanos;

	/**
	 * {@link System#nanoTime()} when it was seen to print its URL (polled every 0.5 s).
	 */
	private final long upNanos;

	private LocalPlatform(DeepdockCli deepdock, Process launcher, Path log, String url, String adminPassword,
			long startedNanos, long upNanos) {
		this.startedNanos = startedNanos;
		this.upNanos = upNanos;
		this.deepdock = deepdock;
		this.launcher = launcher;
		this.log = log;
		this.url = url;
		this.adminPassword = adminPassword;
		this.admin = ApiClient.at(url).as("admin", adminPassword);
	}

	/**
	 * Starts {@code ./deepdock up args...} on a free port, with its state in
	 * {@code launcher/target/<name>-state} and its output in
	 * {@code launcher/target/<name>/launcher.log}, and waits until it prints its URL.
	 */
	static LocalPlatform up(String name, String... args) throws IOException {
		return up(name, Map.of(), args);
	}

	/**
	 * {@link #up(String, String...)} with more environment variables for
	 * {@code ./deepdock}, which win over the tests' defaults (e.g.
	 * {@code DEEPDOCK_BOOTSTRAP_TRAINMISSING=true} for a fresh platform's own trainings).
	 */
	static LocalPlatform up(String name, Map<String, String> environment, String... args) throws IOException {
		Path home = TARGET.resolve(name + "-state");
		for (String previous : List.of("logs", "run", "nginx", "postgres", "broker", "media")) {
			deleteRecursively(home.resolve(previous));
		}
		Path log = TARGET.resolve(name).resolve("launcher.log");
		Map<String, String> variables = new LinkedHashMap<>(infrastructure());
		variables.putAll(environment);
		DeepdockCli deepdock = new DeepdockCli(home, variables);
		int port = FreePorts.find();
		long started = System.nanoTime();
		List<String> command = new java.util.ArrayList<>(List.of("up", "--port", Integer.toString(port)));
		command.addAll(List.of(args));
		Process launcher = deepdock.start(log, command.toArray(String[]::new));
		String[] url = new String[1];
		await("./deepdock up to print its URL (output in " + log + ")").atMost(Duration.ofMinutes(8))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				String output = Files.readString(log);
				if (!launcher.isAlive()) {
					throw new AssertionError(
							"./deepdock up exited with " + launcher.exitValue() + ":\n" + tail(output, 60));
				}
				Matcher matcher = UP.matcher(output);
				if (matcher.find()) {
					url[0] = matcher.group(1);
					return true;
				}
				return false;
			});
		long upAt = System.nanoTime();
		assertThat(url[0]).isEqualTo("http://127.0.0.1:" + port + "/");
		String password = Files.readString(home.resolve("admin-password")).strip();
		return new LocalPlatform(deepdock, launcher, log, url[0], password, started, upAt);
	}

	/** How long ago {@code ./deepdock up} was started. */
	Duration sinceStarted() {
		return Duration.ofNanos(System.nanoTime() - this.startedNanos);
	}

	/** How long ago {@code ./deepdock up} printed its URL (to within 0.5 s). */
	Duration sinceUp() {
		return Duration.ofNanos(System.nanoTime() - this.upNanos);
	}

	/** The nginx URL, ending in a slash. */
	String url() {
		return this.url;
	}

	/** The admin that {@code up} made. */
	ApiClient admin() {
		return this.admin;
	}

	/** The password of {@code admin}, for a browser's login form. */
	String adminPassword() {
		return this.adminPassword;
	}

	Path home() {
		return this.deepdock.home();
	}

	/** The web replicas' own ports (behind nginx), from the run state. */
	List<Integer> webappPorts() throws IOException {
		JsonNode state = JSON.readTree(Files.readString(home().resolve("run/state.json")));
		List<Integer> ports = new java.util.ArrayList<>();
		state.get("services").forEach((service) -> {
			if (service.get("name").asString().startsWith("webapp-")) {
				ports.add(service.get("port").asInt());
			}
		});
		return ports;
	}

	/** The media role's own port (behind lb), from the run state. */
	int mediaPort() throws IOException {
		return JSON.readTree(Files.readString(home().resolve("run/state.json"))).get("nginx").get("mediaPort").asInt();
	}

	/** Waits until the job that {@code accepted} (a 202) queued has SUCCEEDED. */
	long awaitJob(java.net.http.HttpResponse<String> accepted, Duration atMost) {
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		long id = JSON.readTree(accepted.body()).get("id").asLong();
		await("job " + id + " to succeed").atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
			JsonNode current = JSON.readTree(this.admin.get("api/v1/jobs/" + id).body());
			String state = current.get("state").asString();
			if (state.equals("FAILED") || state.equals("CANCELLED")) {
				throw new AssertionError("job " + id + " ended " + state + ": " + current.get("error"));
			}
			return state.equals("SUCCEEDED");
		});
		return id;
	}

	/** {@code ./deepdock down}, then whatever is left is killed. */
	@Override
	public void close() throws Exception {
		if (this.launcher.isAlive()) {
			DeepdockCli.Result down = this.deepdock.run(180, "down");
			if (down.code() != 0) {
				System.err.println("./deepdock down exited with " + down.code() + ":\n" + down.output());
			}
			if (!this.launcher.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				this.launcher.destroyForcibly();
			}
		}
	}

	/** The end of the launcher's output, for a failure message. */
	String logTail() throws IOException {
		return tail(Files.readString(this.log), 40);
	}

	/**
	 * The embedded infrastructure by default (the launcher starts it); the machine's
	 * PostgreSQL and RabbitMQ when CI names them, isolated like every integration test.
	 */
	private static Map<String, String> infrastructure() {
		String dbUrl = System.getenv("DEEPDOCK_DB_URL");
		if (dbUrl == null || dbUrl.isBlank()) {
			return Map.of();
		}
		TestInfrastructure.Endpoints endpoints = TestInfrastructure.get();
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("DEEPDOCK_DB_URL", endpoints.jdbcUrl());
		environment.put("DEEPDOCK_DB_USER", endpoints.user());
		environment.put("DEEPDOCK_DB_PASSWORD", endpoints.password());
		environment.put("DEEPDOCK_AMQP_URI", endpoints.amqpUri());
		environment.put("DEEPDOCK_AMQP_NAMESPACE", endpoints.amqpNamespace());
		return environment;
	}

	private static String tail(String text, int lines) {
		String[] all = text.split("\n");
		return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (var files = Files.walk(path)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
