package io.deepdock.scheduler.actuator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler's own port has no login: without credentials it answers health (for
 * probes) and Prometheus metrics (for the scraper), and nothing else of actuator: not the
 * index that lists the endpoints, not {@code /actuator/metrics} or
 * {@code /actuator/info}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "deepdock.bootstrap.train-missing=false")
@WithInfrastructure
@DirtiesContext
class ActuatorExposureIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@LocalServerPort
	int port;

	@Test
	void anAnonymousCallerGetsHealthAndPrometheusOnlyFromTheSchedulersPort() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		Map<String, Integer> expected = Map.of("/actuator/health", 200, "/actuator/health/liveness", 200,
				"/actuator/prometheus", 200, "/actuator/metrics", 404, "/actuator/metrics/jvm.memory.used", 404,
				"/actuator/info", 404, "/actuator", 404, "/actuator/env", 404, "/actuator/beans", 404);
		for (Map.Entry<String, Integer> entry : expected.entrySet()) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + entry.getKey())).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(entry.getValue());
		}
	}

}
