package io.deepdock.embedded.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * HTTP calls to a deepdock web app for the tests, as one caller: anonymous, or a user
 * with HTTP Basic credentials (sent with every request, as API clients do). Immutable:
 * {@link #as} gives a client for another caller over the same connection pool.
 *
 * <pre>
 * ApiClient anonymous = ApiClient.at("http://127.0.0.1:" + port);
 * ApiClient alice = anonymous.register(ApiClient.uniqueName("alice"), "a-long-password");
 * alice.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}");
 * </pre>
 */
public final class ApiClient {

	private final HttpClient http;

	private final String base;

	private final String username;

	private final String authorization;

	private ApiClient(HttpClient http, String base, String username, String authorization) {
		this.http = http;
		this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.username = username;
		this.authorization = authorization;
	}

	/**
	 * An anonymous client of the web app at {@code baseUrl} (e.g.
	 * {@code http://127.0.0.1:8080}).
	 */
	public static ApiClient at(String baseUrl) {
		return new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), baseUrl, null,
				null);
	}

	/** An anonymous client of the web app on {@code 127.0.0.1:port}. */
	public static ApiClient at(int port) {
		return at("http://127.0.0.1:" + port);
	}

	/** A user name no other test has taken. */
	public static String uniqueName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** The same web app, as {@code username}. */
	public ApiClient as(String username, String password) {
		String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new ApiClient(this.http, this.base, username, "Basic " + token);
	}

	/** The same web app, without credentials. */
	public ApiClient anonymous() {
		return new ApiClient(this.http, this.base, null, null);
	}

	/**
	 * Registers {@code username} ({@code POST /api/v1/auth/register}) and answers a
	 * client that calls as that user.
	 * @throws AssertionError when registration is refused
	 */
	public ApiClient register(String username, String password) {
		HttpResponse<String> response = anonymous().post("/api/v1/auth/register",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
		if (response.statusCode() != 201) {
			throw new AssertionError(
					"registering " + username + " answered " + response.statusCode() + ": " + response.body());
		}
		return as(username, password);
	}

	/** The user this client calls as, or null. */
	public String username() {
		return this.username;
	}

	public String baseUrl() {
		return this.base;
	}

	/**
	 * A request to {@code path} (relative to the base URL) with this caller's
	 * credentials.
	 */
	public HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	public URI uri(String path) {
		return URI.create(this.base + (path.startsWith("/") ? path : "/" + path));
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	/** POSTs {@code json} (an empty string sends no body). */
	public HttpResponse<String> post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> send(String method, String path, String json) {
		HttpRequest.BodyPublisher body = (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody();
		HttpRequest.Builder builder = request(path).method(method, body);
		if (json != null) {
			builder.header("Content-Type", "application/json");
		}
		return send(builder);
	}

	public HttpResponse<String> send(HttpRequest.Builder request) {
		return send(request, HttpResponse.BodyHandlers.ofString());
	}

	public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
		try {
			return this.http.send(request.build(), handler);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
