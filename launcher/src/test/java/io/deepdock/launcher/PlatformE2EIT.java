package io.deepdock.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.deepdock.embedded.FreePorts;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local platform for real: {@code ./deepdock up --web 2 --workers 1} with nginx in
 * front, driven over HTTP through nginx, then {@code ./deepdock down}.
 *
 * <p>
 * With nothing in the environment the launcher starts the embedded PostgreSQL and broker.
 * When CI names the machine's PostgreSQL and RabbitMQ, the platform runs against them, in
 * a schema and under a queue prefix of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformE2EIT {

	private static final Path TARGET = DeepdockCli.REPOSITORY.resolve("launcher/target");

	private static final Path LAUNCHER_LOG = TARGET.resolve("e2e/launcher.log");

	private static final Pattern UP = Pattern.compile("deepdock is up: (http://\\S+)");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private DeepdockCli deepdock;

	private Process launcher;

	private String url;

	/** The admin that {@code up} made and printed. */
	private ApiClient admin;

	@BeforeAll
	void startThePlatform() throws IOException {
		Path home = TARGET.resolve("e2e-state");
		for (String previous : List.of("logs", "run", "nginx", "postgres", "broker")) {
			deleteRecursively(home.resolve(previous));
		}
		this.deepdock = new DeepdockCli(home, infrastructure());
		int port = FreePorts.find();
		this.launcher = this.deepdock.start(LAUNCHER_LOG, "up", "--web", "2", "--workers", "1", "--port",
				Integer.toString(port), "--timeout", "420");
		await("./deepdock up to print its URL (output in " + LAUNCHER_LOG + ")").atMost(Duration.ofMinutes(8))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				String output = Files.readString(LAUNCHER_LOG);
				if (!this.launcher.isAlive()) {
					throw new AssertionError(
							"./deepdock up exited with " + this.launcher.exitValue() + ":\n" + tail(output, 60));
				}
				Matcher matcher = UP.matcher(output);
				if (matcher.find()) {
					this.url = matcher.group(1);
					return true;
				}
				return false;
			});
		assertThat(this.url).isEqualTo("http://127.0.0.1:" + port + "/");
		String password = Files.readString(home.resolve("admin-password")).strip();
		assertThat(Files.readString(LAUNCHER_LOG)).contains("log in as 'admin' with password " + password);
		this.admin = ApiClient.at(this.url).as("admin", password);
	}

	@Test
	@Order(1)
	void theApiNeedsCredentialsAndThePrintedAdminIsAnAdmin() throws Exception {
		HttpResponse<String> anonymous = this.http.send(
				HttpRequest.newBuilder(URI.create(this.url + "api/v1/jobs")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
		HttpResponse<String> me = get("api/v1/auth/me");
		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		assertThat(JSON.readTree(me.body()).get("role").asString()).isEqualTo("ADMIN");
	}

	@Test
	@Order(1)
	void healthIsUpThroughNginx() throws Exception {
		HttpResponse<String> response = get("actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Server"))
			.hasValueSatisfying((server) -> assertThat(server).startsWith("nginx"));
		assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("UP");
	}

	@Test
	@Order(2)
	void importsDigitsThroughNginxUntilSucceeded() throws Exception {
		HttpResponse<String> accepted = this.admin.post("api/v1/datasets/import", "{\"dataset\":\"digits\"}");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		JsonNode job = JSON.readTree(accepted.body());
		long id = job.get("id").asLong();
		assertThat(job.get("state").asString()).isEqualTo("QUEUED");
		assertThat(accepted.headers().firstValue("Location")).contains("/api/v1/jobs/" + id);

		await("import job " + id + " to succeed").atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> {
				JsonNode current = JSON.readTree(get("api/v1/jobs/" + id).body());
				String state = current.get("state").asString();
				if (state.equals("FAILED") || state.equals("CANCELLED")) {
					throw new AssertionError("job " + id + " ended " + state + ": " + current.get("error"));
				}
				return state.equals("SUCCEEDED");
			});
	}

	@Test
	@Order(3)
	void bothWebReplicasAnswerThroughNginx() throws Exception {
		Set<String> replicas = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = get("actuator/health/readiness");
			assertThat(response.statusCode()).isEqualTo(200);
			response.headers().firstValue("X-Deepdock-Replica").ifPresent(replicas::add);
		}
		assertThat(replicas).containsExactlyInAnyOrder("webapp-1", "webapp-2");
	}

	@Test
	@Order(4)
	void aSecondUpWithTheSameStateDirectoryIsRefused() throws Exception {
		DeepdockCli.Result second = this.deepdock.run(120, "up", "--port", Integer.toString(FreePorts.find()));
		assertThat(second.code()).as(second.output()).isEqualTo(1);
		assertThat(second.output()).contains("deepdock is already running from " + this.deepdock.home())
			.contains("./deepdock down");
	}

	@Test
	@Order(5)
	void statusListsEveryProcessAsUp() throws Exception {
		DeepdockCli.Result status = this.deepdock.run(120, "status");
		assertThat(status.code()).as(status.output()).isZero();
		assertThat(status.output()).contains("deepdock UP at " + this.url)
			.containsPattern("nginx .* yes .* UP")
			.containsPattern("webapp-1 .* yes .* UP")
			.containsPattern("webapp-2 .* yes .* UP")
			.containsPattern("worker-1 .* yes .* UP")
			.containsPattern("scheduler-1 .* yes .* UP");
	}

	@Test
	@Order(6)
	void nginxServesAssetsAndHidesMediaAndMetrics() throws Exception {
		Path staticFiles = DeepdockCli.REPOSITORY.resolve("webapp/src/main/resources/static");
		String text;
		try (var files = Files.walk(staticFiles)) {
			// a text file large enough to be worth compressing
			text = files.filter((file) -> file.toString().matches(".*\\.(html|css|js)$"))
				.filter((file) -> file.toFile().length() > 256)
				.map((file) -> staticFiles.relativize(file).toString())
				.findFirst()
				.orElseThrow(() -> new AssertionError("no html, css or js file in " + staticFiles));
		}
		HttpResponse<String> asset = this.http.send(HttpRequest.newBuilder(URI.create(this.url + "assets/" + text))
			.header("Accept-Encoding", "gzip")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(asset.statusCode()).isEqualTo(200);
		assertThat(asset.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("immutable"));
		assertThat(asset.headers().firstValue("Content-Encoding")).contains("gzip");
		assertThat(asset.headers().firstValue("X-Deepdock-Replica")).isEmpty();

		Files.writeString(this.deepdock.home().resolve("media/secret.txt"), "not for you");
		assertThat(get("media/secret.txt").statusCode()).isEqualTo(404);
		assertThat(get("_media/secret.txt").statusCode()).isEqualTo(404);
		assertThat(get("actuator/prometheus").statusCode()).isEqualTo(404);
		assertThat(get("actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	/**
	 * The files that hold a secret (the admin password, the media token in nginx's
	 * configuration) and those that might (the run state, the logs) are their owner's
	 * only.
	 */
	@Test
	@Order(1)
	void noFileThatMayHoldASecretIsReadableByOthers() throws Exception {
		Path home = this.deepdock.home();
		List<Path> secret = new ArrayList<>(List.of(home.resolve("admin-password"), home.resolve("run/state.json"),
				home.resolve("nginx/nginx.conf"), home.resolve("nginx/lb.conf"), home.resolve("nginx/media.conf"),
				home.resolve("nginx/upstreams.conf"), home.resolve("nginx/assets.conf")));
		try (var logs = Files.list(home.resolve("logs"))) {
			logs.forEach(secret::add);
		}
		for (Path file : secret) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
				.isEqualTo("rw-------");
		}
		for (String directory : List.of("logs", "run")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(directory))))
				.as(directory)
				.isEqualTo("rwx------");
		}
	}

	@Test
	@Order(1)
	void nginxsWorkersDoNotRunAsRoot() throws Exception {
		long master = JSON.readTree(Files.readString(this.deepdock.home().resolve("run/state.json")))
			.get("nginx")
			.get("pid")
			.asLong();
		List<String> users = ProcessHandle.of(master)
			.orElseThrow()
			.children()
			.map((worker) -> worker.info().user().orElse("?"))
			.toList();
		assertThat(users).isNotEmpty().doesNotContain("root", "?");
	}

	/**
	 * The launcher supervises its services as Swarm does: a web replica killed outright
	 * comes back on its port, with a new pid in the run state, and the console says so.
	 */
	/**
	 * The hostile-input suite (issue 12): every class of bad input that once cost a 500
	 * or a whole replica, sent through nginx to each entry point that takes it. Each gets
	 * a 4xx problem detail, and afterwards both web replicas are still the same
	 * processes, healthy, with no OutOfMemoryError in their logs.
	 */
	@Test
	@Order(7)
	void hostileInputsGetProblemDetailsAndCostNoReplicaItsProcess() throws Exception {
		Map<String, Long> before = webReplicaPids();
		ApiClient user = ApiClient.at(this.url).register(ApiClient.uniqueName("hostile"), "hostile-password-1");
		List<String> failures = new ArrayList<>();
		StringBuilder report = new StringBuilder("| hostile input (through nginx) | answered | problem type |\n")
			.append("| --- | --- | --- |\n");
		for (HostileInputs.Row row : new HostileInputs(this.url, user).rows()) {
			try {
				HttpResponse<String> response = row.request().get();
				int status = response.statusCode();
				boolean problem = response.headers()
					.firstValue("Content-Type")
					.orElse("")
					.startsWith("application/problem+json");
				String problemType = problem ? JSON.readTree(response.body()).path("type").asString("") : "";
				report.append("| ")
					.append(row.what())
					.append(" | ")
					.append(status)
					.append(" | `")
					.append(problemType)
					.append("` |\n");
				boolean statusOk = (row.status() == 0) ? (status >= 400 && status < 500) : status == row.status();
				String type = response.headers().firstValue("Content-Type").orElse("");
				if (!statusOk || !type.startsWith("application/problem+json")) {
					failures.add(row.what() + ": " + status + " " + type + " "
							+ response.body().substring(0, Math.min(200, response.body().length())));
				}
			}
			catch (HostileInputs.RefusedEarly ex) {
				// nginx answered 413 and closed while the body was still being sent
				report.append("| ")
					.append(row.what())
					.append(" | 413, connection closed before the body was sent | |\n");
				if (row.status() != 413) {
					failures.add(row.what() + ": connection closed early (" + ex.getCause() + ")");
				}
			}
		}
		// the table for docs/reliability.md, written by the run
		Files.writeString(TARGET.resolve("e2e/hostile-inputs.md"), report);
		assertThat(failures).as("hostile inputs that did not get their problem detail").isEmpty();

		assertThat(webReplicaPids()).as("web replicas after the suite (none restarted)").isEqualTo(before);
		for (String name : before.keySet()) {
			JsonNode replica = service(name);
			HttpResponse<String> readiness = this.http.send(HttpRequest
				.newBuilder(
						URI.create("http://127.0.0.1:" + replica.get("port").asInt() + "/actuator/health/readiness"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(readiness.statusCode()).as(name + " readiness").isEqualTo(200);
			assertThat(Files.readString(Path.of(replica.get("log").asString()))).as(name + " log")
				.doesNotContain("OutOfMemoryError");
		}
	}

	@Test
	@Order(8)
	void aKilledWebReplicaIsRestartedOnItsPortAndSaysSo() throws Exception {
		JsonNode before = service("webapp-2");
		long pid = before.get("pid").asLong();
		int port = before.get("port").asInt();

		assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

		await("webapp-2 to be restarted with a new pid").atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> service("webapp-2").get("pid").asLong() != pid);
		JsonNode after = service("webapp-2");
		assertThat(after.get("port").asInt()).isEqualTo(port);
		assertThat(ProcessHandle.of(after.get("pid").asLong()).filter(ProcessHandle::isAlive)).isPresent();
		await("webapp-2 to be back, healthy").atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> Files.readString(LAUNCHER_LOG).contains("webapp-2 is back, healthy"));
		HttpResponse<String> readiness = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(Files.readString(LAUNCHER_LOG))
			.contains("webapp-2 exited with code 137; restarting in 1 s (restart 1)")
			.contains("webapp-2 is back, healthy (pid " + after.get("pid").asLong() + ")");
		DeepdockCli.Result status = this.deepdock.run(120, "status");
		assertThat(status.output()).containsPattern("webapp-2 .* yes .* UP");
	}

	@Test
	@Order(10)
	void downStopsEverythingItStarted() throws Exception {
		List<Long> pids = startedPids();
		assertThat(pids).hasSize(5); // nginx, 2 webapps, a worker, a scheduler

		DeepdockCli.Result down = this.deepdock.run(180, "down");

		assertThat(down.code()).as(down.output()).isZero();
		assertThat(down.output()).contains("deepdock stopped");
		assertThat(this.launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.launcher.exitValue()).isZero();
		for (long pid : pids) {
			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty();
		}
		// nor the embedded PostgreSQL, whose data lives in the state directory
		assertThat(ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains(this.deepdock.home().toString())))
			.isEmpty();
		assertThat(this.deepdock.home().resolve("run/state.json")).doesNotExist();
		String output = Files.readString(LAUNCHER_LOG);
		assertThat(output).contains("deepdock stopped");
		// services stopped by down are not restarted
		assertThat(output.substring(output.indexOf("stopping everything"))).doesNotContain("restarting in");
	}

	@AfterAll
	void stopWhatIsLeft() throws Exception {
		if (this.launcher != null && this.launcher.isAlive()) {
			this.deepdock.run(180, "down");
			this.launcher.destroyForcibly();
		}
	}

	private JsonNode service(String name) throws IOException {
		JsonNode state = JSON.readTree(Files.readString(this.deepdock.home().resolve("run/state.json")));
		for (JsonNode service : state.get("services")) {
			if (service.get("name").asString().equals(name)) {
				return service;
			}
		}
		throw new AssertionError(name + " is not in the run state");
	}

	private Map<String, Long> webReplicaPids() throws IOException {
		Map<String, Long> pids = new java.util.TreeMap<>();
		JSON.readTree(Files.readString(this.deepdock.home().resolve("run/state.json")))
			.get("services")
			.forEach((service) -> {
				if (service.get("role").asString().equals("webapp")) {
					pids.put(service.get("name").asString(), service.get("pid").asLong());
				}
			});
		return pids;
	}

	private List<Long> startedPids() throws IOException {
		JsonNode state = JSON.readTree(Files.readString(this.deepdock.home().resolve("run/state.json")));
		List<Long> pids = new ArrayList<>();
		pids.add(state.get("nginx").get("pid").asLong());
		state.get("services").forEach((service) -> pids.add(service.get("pid").asLong()));
		return pids;
	}

	/** A GET as the admin. */
	private HttpResponse<String> get(String path) {
		return this.admin.send(this.admin.request(path).timeout(Duration.ofSeconds(30)).GET());
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
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
