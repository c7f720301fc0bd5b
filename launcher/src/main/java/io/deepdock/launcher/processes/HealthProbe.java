package io.deepdock.launcher.processes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a Spring Boot actuator health endpoint for its status.
 */
public final class HealthProbe {

	/** What {@link #status} says when nothing answers. */
	public static final String UNREACHABLE = "UNREACHABLE";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	/** {@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE}, ... or {@link #UNREACHABLE}. */
	public String status(String url) {
		try {
			HttpResponse<String> response = this.client.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return statusOf(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return UNREACHABLE;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return UNREACHABLE;
		}
	}

	static String statusOf(int code, String body) {
		try {
			JsonNode status = JSON.readTree(body).get("status");
			if (status != null && status.isString()) {
				return status.asString();
			}
		}
		catch (JacksonException ex) {
			// not JSON: a proxy's error page, say
		}
		return "HTTP " + code;
	}

	public boolean isUp(String url) {
		return "UP".equals(status(url));
	}

}
