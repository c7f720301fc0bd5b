package io.deepdock.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A personal API token for one run ({@code read}, {@code predict}, {@code train}), made
 * with the account's password before the load and deleted after it: the API scenarios
 * send it as a bearer token, as API clients do, instead of HTTP Basic (whose password
 * hashing on every request would be what the run measures).
 */
final class ApiToken implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LoadSettings settings;

	private final HttpClient http;

	private final long id;

	private final String secret;

	private ApiToken(LoadSettings settings, HttpClient http, long id, String secret) {
		this.settings = settings;
		this.http = http;
		this.id = id;
		this.secret = secret;
	}

	static ApiToken create(LoadSettings settings) throws IOException, InterruptedException {
		if (settings.password() == null) {
			throw new IllegalStateException("no password for '" + settings.user()
					+ "': set -Dloadtest.password, or -Dloadtest.home to the state directory that holds admin-password");
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		HttpResponse<String> made = http
			.send(request(settings, "api/v1/auth/tokens").header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"loadtest-" + System.currentTimeMillis()
						+ "\",\"scopes\":[\"read\",\"predict\",\"train\"]}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (made.statusCode() != 201 && made.statusCode() != 200) {
			throw new IllegalStateException(
					"making an API token at " + settings.url() + " answered " + made.statusCode() + ": " + made.body());
		}
		JsonNode token = JSON.readTree(made.body());
		return new ApiToken(settings, http, token.get("id").asLong(), token.get("token").asString());
	}

	String secret() {
		return this.secret;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.http.send(request(this.settings, "api/v1/auth/tokens/" + this.id).DELETE().build(),
				HttpResponse.BodyHandlers.discarding());
	}

	private static HttpRequest.Builder request(LoadSettings settings, String path) {
		String basic = Base64.getEncoder()
			.encodeToString((settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
		return HttpRequest.newBuilder(URI.create(settings.url() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Basic " + basic);
	}

}
