package io.deepdock.webapp.problems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.InfrastructureInitializer;
import io.deepdock.embedded.test.TestInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL going away (its connections reset, new ones unanswered: a TCP proxy in front
 * of the real database, cut by the test) is answered at once and clearly: a 503 problem
 * with {@code Retry-After} for the API, a 503 page for a browser, readiness DOWN; and
 * everything comes back by itself once the database answers again. Without the short
 * Hikari timeouts a request would hang 30 s, and without {@link DatabaseOutageFilter} it
 * would be a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = DatabaseOutageIT.ThroughProxy.class)
// its pool points at the proxy, which closes after the class: close the context with it
@DirtiesContext
class DatabaseOutageIT {

	/**
	 * Well under Hikari's default 30 s: the configured 3 s, plus a loaded machine's
	 * slack.
	 */
	static final Duration QUICK = Duration.ofSeconds(10);

	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageIT.class);

	static CuttableTcpProxy proxy;

	@LocalServerPort
	int port;

	@AfterAll
	static void closeProxy() throws IOException {
		if (proxy != null) {
			proxy.close();
		}
	}

	@Test
	void aDatabaseOutageIsAQuick503ProblemAndReadinessGoesDownThenUpAgain() {
		ApiClient user = TestAdmin.newUser(this.port, "outage");
		ApiClient anonymous = ApiClient.at(this.port);
		assertThat(user.get("/api/v1/jobs").statusCode()).isEqualTo(200);
		awaitStatus(() -> anonymous.get("/actuator/health/readiness"), 200, Duration.ofSeconds(60));

		proxy.cut();
		long cutAt = System.nanoTime();
		try {
			// the API: a problem, quickly, with a hint of when to try again
			HttpResponse<String> jobs = timed(() -> user.get("/api/v1/jobs"));
			assertDatabaseProblem(jobs);
			// a write: refused the same way, nothing half-done
			assertDatabaseProblem(timed(() -> user.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}")));
			// a session cookie (Spring Session loads it from PostgreSQL before anything
			// else)
			assertDatabaseProblem(timed(() -> anonymous
				.send(anonymous.request("/api/v1/jobs").header("Cookie", "SESSION=bm90LWEtc2Vzc2lvbg").GET())));
			// a prediction never hangs: 503, because of the database or (with no model)
			// the model
			HttpResponse<String> predict = timed(
					() -> user.post("/api/v1/predict/digits", "{\"pixels\":[" + "0,".repeat(783) + "0]}"));
			assertThat(predict.statusCode()).as(predict.body()).isEqualTo(503);
			assertThat(predict.headers().firstValue("Retry-After")).isPresent();
			assertThat(predict.body()).containsAnyOf("/problems/database-unavailable", "/problems/no-model");
			// a person gets a readable page, not JSON
			HttpResponse<String> page = timed(
					() -> user.send(user.request("/jobs").header("Accept", BROWSER_ACCEPT).GET()));
			assertThat(page.statusCode()).isEqualTo(503);
			assertThat(page.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
			assertThat(page.body()).contains("<h1 id=\"error-title\">Database unavailable</h1>")
				.contains("Try again in a few seconds")
				.doesNotContain("\"type\":");
			// readiness says so, so that a balancer or an orchestrator can tell
			awaitStatus(() -> anonymous.get("/actuator/health/readiness"), 503, QUICK);
			log.info("readiness DOWN {} ms after the cut", (System.nanoTime() - cutAt) / 1_000_000);
		}
		finally {
			proxy.restore();
		}
		long restoredAt = System.nanoTime();
		awaitStatus(() -> anonymous.get("/actuator/health/readiness"), 200, Duration.ofSeconds(30));
		log.info("readiness UP {} ms after the database came back", (System.nanoTime() - restoredAt) / 1_000_000);
		awaitStatus(() -> user.get("/api/v1/jobs"), 200, Duration.ofSeconds(10));
	}

	static void assertDatabaseProblem(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).hasValue(DatabaseUnavailable.RETRY_AFTER);
		assertThat(response.body()).contains("\"type\":\"https://deepdock.io/problems/database-unavailable\"")
			.contains("\"status\":503")
			.contains("cannot be reached");
	}

	/** The answer, which must come within {@link #QUICK}. */
	static HttpResponse<String> timed(Supplier<HttpResponse<String>> call) {
		long started = System.nanoTime();
		HttpResponse<String> response = call.get();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		log.info("during the outage: {} {} answered {} in {} ms", response.request().method(), response.uri().getPath(),
				response.statusCode(), took.toMillis());
		assertThat(took).as("time to answer").isLessThan(QUICK);
		return response;
	}

	static void awaitStatus(Supplier<HttpResponse<String>> call, int status, Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		HttpResponse<String> last = call.get();
		while (last.statusCode() != status && System.nanoTime() < deadline) {
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			last = call.get();
		}
		assertThat(last.statusCode()).as(last.body()).isEqualTo(status);
	}

	/**
	 * The test infrastructure's PostgreSQL, reached through {@link CuttableTcpProxy}.
	 */
	static class ThroughProxy implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?(/.*)");

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			new InfrastructureInitializer().initialize(context);
			String url = TestInfrastructure.get().jdbcUrl();
			Matcher matcher = URL.matcher(url);
			assertThat(matcher.matches()).as(url).isTrue();
			try {
				if (proxy == null) {
					proxy = new CuttableTcpProxy(matcher.group(1),
							(matcher.group(2) != null) ? Integer.parseInt(matcher.group(2)) : 5432);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("database-through-proxy", Map.of("spring.datasource.url",
						"jdbc:postgresql://127.0.0.1:" + proxy.port() + matcher.group(3))));
		}

	}

}
