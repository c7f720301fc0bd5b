package io.deepdock.webapp.security;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration throttling over real HTTP and PostgreSQL: beyond
 * {@code deepdock.registration.per-client} registrations from one address within the
 * window, {@code POST /api/v1/auth/register} answers 429 with {@code Retry-After} and
 * makes no account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.registration.per-client=2", "deepdock.registration.window=1h" })
@WithInfrastructure
class RegistrationThrottleIT {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void forgetEarlierRegistrations() {
		// other test classes in this JVM registered from 127.0.0.1 too
		this.jdbc.update("DELETE FROM registration_attempt");
	}

	HttpResponse<String> register(String username) {
		return ApiClient.at(this.port)
			.anonymous()
			.post("/api/v1/auth/register", "{\"username\":\"" + username + "\",\"password\":\"a-long-test-password\"}");
	}

	@Test
	void registrationsBeyondThePerAddressLimitGet429WithRetryAfter() {
		assertThat(register(ApiClient.uniqueName("throttle")).statusCode()).isEqualTo(201);
		assertThat(register(ApiClient.uniqueName("throttle")).statusCode()).isEqualTo(201);
		String refused = ApiClient.uniqueName("throttle");

		HttpResponse<String> response = register(refused);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));
		long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 3600L);
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://deepdock.io/problems/registration-throttled");
		assertThat(problem.get("title").asString()).isEqualTo("Too many registrations");
		assertThat(problem.get("detail").asString()).contains("at most 2 per address");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM app_user WHERE lower(username) = lower(?)",
				Long.class, refused))
			.isZero();
	}

	@Test
	void theRegistrationFormBeyondTheLimitShowsTheReasonWith429() throws Exception {
		assertThat(register(ApiClient.uniqueName("throttle")).statusCode()).isEqualTo(201);
		assertThat(register(ApiClient.uniqueName("throttle")).statusCode()).isEqualTo(201);
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String base = "http://127.0.0.1:" + this.port;
		HttpResponse<String> page = browser.send(
				HttpRequest.newBuilder(URI.create(base + "/register")).header("Accept", "text/html").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
		assertThat(csrf.find()).as("the form carries a CSRF token").isTrue();
		String form = "username=" + ApiClient.uniqueName("throttle") + "&password=a-long-test-password&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);

		HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(base + "/register"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(response.body()).contains("Too many accounts were registered from your address");
	}

}
