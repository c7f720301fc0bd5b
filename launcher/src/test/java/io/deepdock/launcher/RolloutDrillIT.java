package io.deepdock.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.deepdock.embedded.FreePorts;
import io.deepdock.embedded.test.TestInfrastructure;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.state.RunState;
import io.deepdock.launcher.state.StateFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.apache.jmeter.engine.StandardJMeterEngine;
import us.abstracta.jmeter.javadsl.core.TestPlanStats;
import us.abstracta.jmeter.javadsl.core.engines.EmbeddedJmeterEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static us.abstracta.jmeter.javadsl.JmeterDsl.constantTimer;
import static us.abstracta.jmeter.javadsl.JmeterDsl.htmlReporter;
import static us.abstracta.jmeter.javadsl.JmeterDsl.httpSampler;
import static us.abstracta.jmeter.javadsl.JmeterDsl.testPlan;
import static us.abstracta.jmeter.javadsl.JmeterDsl.threadGroup;

/**
 * The local twin of Swarm's rolling update, for real: {@code ./deepdock up --web 2} with
 * nginx in front, a steady JMeter load through nginx, and
 * {@code ./deepdock rollout webapp} meanwhile. Every web replica is replaced and not one
 * request fails: the successor is ready before it gets traffic, nginx drains the old one
 * before it stops, and nginx retries an idempotent request that meets a replica on its
 * way out.
 *
 * <p>
 * The figures (requests, errors, p99 from JMeter's {@code statistics.json}) are written
 * to {@code launcher/target/rollout-drill/figures.txt}, the HTML report beside them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutDrillIT {

	private static final Path TARGET = DeepdockCli.REPOSITORY.resolve("launcher/target");

	private static final Path DRILL = TARGET.resolve("rollout-drill");

	private static final Path LAUNCHER_LOG = DRILL.resolve("launcher.log");

	private static final Pattern UP = Pattern.compile("deepdock is up: (http://\\S+)");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Concurrent virtual users: a steady load that two cores shared with others keep up.
	 */
	private static final int USERS = 4;

	private DeepdockCli deepdock;

	private Process launcher;

	private String url;

	@BeforeAll
	void startThePlatform() throws IOException {
		Path home = TARGET.resolve("rollout-state");
		deleteRecursively(DRILL);
		for (String previous : List.of("logs", "run", "nginx", "postgres", "broker")) {
			deleteRecursively(home.resolve(previous));
		}
		this.deepdock = new DeepdockCli(home, infrastructure());
		int port = FreePorts.find();
		// no worker: the drill is about the web replicas, and two cores are scarce
		this.launcher = this.deepdock.start(LAUNCHER_LOG, "up", "--web", "2", "--workers", "0", "--port",
				Integer.toString(port), "--timeout", "300");
		await("./deepdock up to print its URL (output in " + LAUNCHER_LOG + ")").atMost(Duration.ofMinutes(6))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				String output = Files.readString(LAUNCHER_LOG);
				if (!this.launcher.isAlive()) {
					throw new AssertionError("./deepdock up exited with " + this.launcher.exitValue() + ":\n" + output);
				}
				Matcher matcher = UP.matcher(output);
				if (matcher.find()) {
					this.url = matcher.group(1);
					return true;
				}
				return false;
			});
	}

	@Test
	void rollsOutEveryWebReplicaUnderLoadWithoutAFailedRequest() throws Exception {
		Map<String, RunState.Service> before = webapps();
		assertThat(before).containsOnlyKeys("webapp-1", "webapp-2");
		Path accessLog = this.deepdock.home().resolve("nginx/access.log");
		long requestsBefore = lines(accessLog);

		CompletableFuture<TestPlanStats> load = CompletableFuture.supplyAsync(this::steadyLoad);
		await("the load to reach nginx").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> load.isDone() || lines(accessLog) >= requestsBefore + 100);
		DeepdockCli.Result rollout;
		try {
			rollout = this.deepdock.run(300, "rollout", "webapp");
		}
		finally {
			// graceful: each user ends its request in flight, then stops
			StandardJMeterEngine.stopEngine();
		}
		TestPlanStats stats = load.get(2, TimeUnit.MINUTES);
		Map<String, RunState.Service> after = webapps();

		assertThat(rollout.code()).as(rollout.output()).isZero();
		assertThat(rollout.output()).contains("webapp-1: the successor", "webapp-2: the successor",
				"every web replica was replaced");
		// the load ran the whole time: it began before the rollout and stopped after it
		assertThat(stats.overall().samplesCount()).isGreaterThan(100);
		String figures = figures(stats);
		Files.writeString(DRILL.resolve("figures.txt"), figures);
		System.out.println(figures);
		assertThat(stats.overall().errorsCount()).as(figures).isZero();
		// new processes on new ports, the old ones gone
		for (String name : List.of("webapp-1", "webapp-2")) {
			assertThat(after.get(name).pid()).isNotEqualTo(before.get(name).pid());
			assertThat(after.get(name).port()).isNotEqualTo(before.get(name).port());
			assertThat(ProcessHandle.of(before.get(name).pid()).map(ProcessHandle::isAlive))
				.isNotEqualTo(Optional.of(true));
		}
		assertThat(Files.readString(this.deepdock.home().resolve("nginx/upstreams.conf")))
			.contains("server 127.0.0.1:" + after.get("webapp-1").port() + " ")
			.contains("server 127.0.0.1:" + after.get("webapp-2").port() + " ")
			.doesNotContain(":" + before.get("webapp-1").port() + " ")
			.doesNotContain(" down;");
	}

	@AfterAll
	void stopThePlatform() throws Exception {
		if (this.launcher != null && this.launcher.isAlive()) {
			this.deepdock.run(180, "down");
			this.launcher.destroyForcibly();
		}
	}

	/**
	 * {@link #USERS} users, each asking nginx for the home page and the health (which
	 * queries PostgreSQL) in turn, 10 ms apart, until the rollout has ended.
	 *
	 * <p>
	 * The client behaves as browsers and most HTTP libraries do (RFC 9112, 9.3.1): an
	 * idempotent request whose keep-alive connection is closed without a response is sent
	 * once more. nginx's reload closes its old workers' idle client connections, and a
	 * request sent at that very moment meets the close (JMeter's default, no retry, saw 2
	 * of 292,812 such requests fail). Every error that nginx or a replica answers (a 502,
	 * a 503) still counts.
	 */
	private TestPlanStats steadyLoad() {
		try {
			return testPlan(
					threadGroup(USERS, Duration.ofMinutes(10), httpSampler("home", this.url),
							httpSampler("health", this.url + "actuator/health"), constantTimer(Duration.ofMillis(10))),
					htmlReporter(DRILL.toString(), "report"))
				.runIn(new EmbeddedJmeterEngine().prop("httpclient4.retrycount", "1"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Requests, errors and percentiles; p99 as JMeter's report computes it. */
	private static String figures(TestPlanStats stats) throws IOException {
		JsonNode total = JSON.readTree(Files.readString(DRILL.resolve("report/statistics.json"))).get("Total");
		return String.format(
				"rollout drill (2 web replicas replaced under %d users): %d requests, %d failed, "
						+ "%.1f req/s, p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
				USERS, total.get("sampleCount").asLong(), total.get("errorCount").asLong(),
				total.get("throughput").asDouble(), total.get("medianResTime").asDouble(),
				total.get("pct1ResTime").asDouble(), total.get("pct3ResTime").asDouble(),
				total.get("maxResTime").asDouble());
	}

	private Map<String, RunState.Service> webapps() {
		RunState state = new StateFile(new Layout(DeepdockCli.REPOSITORY, this.deepdock.home()).stateFile()).read()
			.orElseThrow(() -> new AssertionError("no state file in " + this.deepdock.home()));
		return state.services()
			.stream()
			.filter((service) -> service.role().equals("webapp"))
			.collect(Collectors.toMap(RunState.Service::name, (service) -> service, (a, b) -> a, LinkedHashMap::new));
	}

	private static long lines(Path file) throws IOException {
		if (!Files.exists(file)) {
			return 0;
		}
		try (Stream<String> lines = Files.lines(file)) {
			return lines.count();
		}
	}

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

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(path)) {
			for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(each);
			}
		}
	}

}
