package io.deepdock.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.deepdock.loadtests.scaling.LocalPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smoke load test of {@code ./mvnw verify}: a platform started with
 * {@code ./deepdock up} (one web replica behind nginx, no worker), a quick digits model
 * trained beforehand with {@code ./deepdock train}, then {@code predict-image} (4 users,
 * 25 predictions each) and {@code browse} (2 users, 3 rounds of the pages each), each run
 * to its last answer, stopped at its first error and required to end with none. The full
 * runs are on demand ({@code -Pload}, {@code ./deepdock loadtest}).
 */
class LoadSmokeIT {

	static final Path ROOT = LoadSettings.repositoryRoot();

	static final Path TARGET = ROOT.resolve("loadtests/target");

	static LocalPlatform platform;

	static LoadSettings settings;

	@BeforeAll
	static void startAPlatformThatCanPredict() throws Exception {
		for (String jar : List.of("webapp", "worker", "scheduler", "launcher")) {
			Path file = ROOT.resolve(jar + "/target/deepdock-" + jar + ".jar");
			assertThat(file)
				.as("the smoke runs ./deepdock up on this build's jars: build them first "
						+ "(./mvnw verify builds them before loadtests; or ./mvnw -B package -DskipTests)")
				.isRegularFile();
		}
		Path home = TARGET.resolve("smoke-state");
		for (String previous : List.of("logs", "run", "nginx", "postgres", "broker", "media")) {
			Scenario.deleteRecursively(home.resolve(previous));
		}
		Map<String, String> environment = LocalPlatform.environment(home, true);
		// generous bounds: on a busy shared machine a JVM alone can take minutes to start
		LocalPlatform.run(ROOT, environment, Duration.ofMinutes(20), TARGET.resolve("smoke/train.log"), "train",
				"digits", "--epochs", "1", "--architecture", "small", "--limit", "1000", "--batch-size", "32");
		platform = LocalPlatform.up(ROOT, environment, Duration.ofMinutes(16), TARGET.resolve("smoke/launcher.log"),
				"--port", Integer.toString(freePort()), "--web", "1", "--workers", "0", "--timeout", "900");
		settings = LoadSettings.fromSystemProperties()
			.with(platform.url(), TARGET.resolve("smoke"), platform.adminPassword())
			.withMnistDir(home.resolve("sources/mnist"))
			.with(4, Duration.ofSeconds(2), List.of("digits"));
		awaitTheModel();
	}

	@AfterAll
	static void stop() throws Exception {
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	void predictImageAnswersEveryRealDigitWithADigitAndNoError() throws Exception {
		Summary summary = Scenario.PREDICT_IMAGE.run(smoke(25));
		assertThat(summary.errors()).as("errors (report in " + summary.report() + ")").isZero();
		assertThat(summary.samples()).as("4 users, 25 predictions each").isEqualTo(100);
		assertThat(summary.byLabel()).containsKey("predict digits");
		assertThat(summary.p99()).isGreaterThanOrEqualTo(summary.p50());
		assertThat(TARGET.resolve("smoke/predict-image/index.html")).isRegularFile();
		assertThat(Summary.load(TARGET.resolve("smoke/predict-image-summary.json")).samples())
			.isEqualTo(summary.samples());
	}

	@Test
	void browseLogsInAndOpensEveryPageWithItsAssetsAndNoError() throws Exception {
		Summary summary = Scenario.BROWSE.run(smoke(3).with(2, Duration.ofSeconds(1), List.of()));
		assertThat(summary.errors()).as("errors (report in " + summary.report() + ")").isZero();
		assertThat(summary.byLabel()).containsKeys("log in", "page /");
		assertThat(summary.byLabel().get("page /").samples()).as("2 users, 3 rounds each").isEqualTo(6);
	}

	/**
	 * The settings of a smoke run: each user runs the scenario {@code iterations} times,
	 * so the run ends when the last answer is in (a run held for a duration cuts the
	 * requests still in flight when it ends, and those would count as errors), and it
	 * stops at the first error.
	 */
	private static LoadSettings smoke(int iterations) {
		LoadSettings base = settings.withIterations(iterations);
		return new LoadSettings(base.url(), base.users(), base.ramp(), base.duration(), base.iterations(), base.think(),
				0, 0, base.user(), base.password(), base.out(), base.mnistDir(), base.fashionDir(), base.tasks(),
				base.poolPerTask());
	}

	/**
	 * The replica loads the ACTIVE version at start; a first prediction says it serves
	 * it.
	 */
	private static void awaitTheModel() throws IOException, InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		String basic = Base64.getEncoder()
			.encodeToString(("admin:" + platform.adminPassword()).getBytes(StandardCharsets.UTF_8));
		String blank = "{\"pixels\":[" + "0,".repeat(783) + "0]}";
		Instant deadline = Instant.now().plusSeconds(120);
		int status = 0;
		while (Instant.now().isBefore(deadline)) {
			status = http
				.send(HttpRequest.newBuilder(URI.create(platform.url() + "api/v1/predict/digits"))
					.header("Authorization", "Basic " + basic)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(blank))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
			if (status == 200) {
				return;
			}
			Thread.sleep(1000);
		}
		throw new AssertionError("the web replica serves no digits model (last answer " + status + ")");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
