package io.deepdock.webapp.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts and protection over real HTTP and PostgreSQL: registration, the first admin,
 * form login with a session shared through PostgreSQL, CSRF on cookie requests, security
 * headers, login throttling and the 413 problem for a too-large upload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "deepdock.bootstrap.train-missing=false", "deepdock.security.throttle.max-failures=3",
				"deepdock.security.throttle.max-failures-per-client=1000",
				// small here, so that a too-large upload is cheap to send
				"spring.servlet.multipart.max-file-size=64KB", "spring.servlet.multipart.max-request-size=64KB" })
@WithInfrastructure
class SecurityIT {

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) throws Exception {
		String dir = Files.createTempDirectory("deepdock-security").toString();
		registry.add("deepdock.media.dir", () -> dir);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	io.micrometer.observation.ObservationRegistry observations;

	final JsonMapper json = JsonMapper.builder().build();

	ApiClient anonymous() {
		return ApiClient.at(this.port);
	}

	@Test
	void registeredUserCallsTheApiWithBasicAndThePasswordIsStoredAsBcrypt() {
		String name = ApiClient.uniqueName("reg");
		HttpResponse<String> created = anonymous().post("/api/v1/auth/register",
				"{\"username\":\"" + name + "\",\"password\":\"" + TestAdmin.USER_PASSWORD + "\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(this.json.readTree(created.body()).get("role").asString()).isEqualTo("USER");
		assertThat(created.body()).doesNotContain("password");
		String hash = this.jdbc.queryForObject("SELECT password_hash FROM app_user WHERE username = ?", String.class,
				name);
		assertThat(hash).startsWith("$2a$10$").doesNotContain(TestAdmin.USER_PASSWORD);
		HttpResponse<String> me = anonymous().as(name, TestAdmin.USER_PASSWORD).get("/api/v1/auth/me");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(me.body()).get("username").asString()).isEqualTo(name);
		assertThat(anonymous().as(name, "not-the-password").get("/api/v1/auth/me").statusCode()).isEqualTo(401);
	}

	@Test
	void aTakenNameInAnyCaseConflicts() {
		String name = ApiClient.uniqueName("dup");
		TestAdmin.newUser(this.port, "x");
		anonymous().register(name, TestAdmin.USER_PASSWORD);
		HttpResponse<String> again = anonymous().post("/api/v1/auth/register",
				"{\"username\":\"" + name.toUpperCase() + "\",\"password\":\"" + TestAdmin.USER_PASSWORD + "\"}");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void badNamesAndShortPasswordsAreRefusedFieldByField() {
		HttpResponse<String> refused = anonymous().post("/api/v1/auth/register",
				"{\"username\":\"a b<script>\",\"password\":\"short\"}");
		assertThat(refused.statusCode()).isEqualTo(400);
		JsonNode problem = this.json.readTree(refused.body());
		assertThat(problem.get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("username", "password");
		assertThat(refused.body()).doesNotContain("short");
	}

	@Test
	void aPersonalApiTokenActsAsItsUserUntilDeletedAndIsStoredOnlyAsAHash() {
		ApiClient user = TestAdmin.newUser(this.port, "token");
		HttpResponse<String> created = user.post("/api/v1/auth/tokens",
				"{\"name\":\"laptop\",\"scopes\":[\"train\",\"read\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode token = this.json.readTree(created.body());
		String secret = token.get("token").asString();
		assertThat(secret).startsWith("ddt_");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM api_token WHERE token_hash = ?", Long.class,
				ApiTokens.sha256(secret)))
			.isEqualTo(1);
		assertThat(user.get("/api/v1/auth/tokens").body())
			.contains("\"name\":\"laptop\",\"scopes\":[\"read\",\"train\"]")
			.doesNotContain(secret);
		ApiClient bearer = ApiClient.at(this.port);
		HttpResponse<String> me = bearer
			.send(bearer.request("/api/v1/auth/me").header("Authorization", "Bearer " + secret));
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(me.body()).get("username").asString()).isEqualTo(user.username());
		// no CSRF token needed: a browser never sends it by itself
		HttpResponse<String> submitted = bearer.send(bearer.request("/api/v1/jobs")
			.header("Authorization", "Bearer " + secret)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"TRAIN\",\"task\":\"digits\"}")));
		assertThat(submitted.statusCode()).isEqualTo(202);
		assertThat(user.send("DELETE", "/api/v1/auth/tokens/" + token.get("id").asLong(), null).statusCode())
			.isEqualTo(204);
		HttpResponse<String> revoked = bearer
			.send(bearer.request("/api/v1/auth/me").header("Authorization", "Bearer " + secret));
		assertThat(revoked.statusCode()).isEqualTo(401);
		assertThat(this.json.readTree(revoked.body()).get("type").asString()).endsWith("/invalid-token");
	}

	@Test
	void theConfiguredFirstAdminIsAnAdmin() {
		HttpResponse<String> me = TestAdmin.admin(this.port).get("/api/v1/auth/me");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(me.body()).get("role").asString()).isEqualTo("ADMIN");
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM app_user WHERE lower(username) = 'admin'", Long.class))
			.isEqualTo(1);
	}

	@Test
	void formLoginGivesAnHttpOnlySameSiteSessionStoredInPostgres() {
		ApiClient user = TestAdmin.newUser(this.port, "form");
		Browser browser = Browser.logIn(anonymous(), user.username(), TestAdmin.USER_PASSWORD);
		assertThat(browser.sessionCookieHeader()).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
		HttpResponse<String> me = browser.get("/api/v1/auth/me");
		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		assertThat(this.json.readTree(me.body()).get("username").asString()).isEqualTo(user.username());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name = ?", Long.class,
				user.username()))
			.isEqualTo(1);
	}

	@Test
	void aCookieSessionPostNeedsTheCsrfTokenAndBasicNeedsNone() {
		ApiClient user = TestAdmin.newUser(this.port, "csrf");
		Browser browser = Browser.logIn(anonymous(), user.username(), TestAdmin.USER_PASSWORD);
		String train = "{\"type\":\"TRAIN\",\"task\":\"digits\"}";
		HttpResponse<String> forged = browser.post("/api/v1/jobs", train, false);
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(forged.body()).get("type").asString()).endsWith("/csrf");
		HttpResponse<String> withToken = browser.post("/api/v1/jobs", train, true);
		assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(202);
		assertThat(user.post("/api/v1/jobs", train).statusCode()).isEqualTo(202);
	}

	@Test
	void aRequestWithItsOwnCredentialsGetsNoCsrfTokenWhileABrowserDoes() {
		ApiClient user = TestAdmin.newUser(this.port, "nocsrf");
		String secret = this.json
			.readTree(user.post("/api/v1/auth/tokens", "{\"name\":\"cli\",\"scopes\":[\"read\",\"train\"]}").body())
			.get("token")
			.asString();
		ApiClient bearer = ApiClient.at(this.port);
		HttpResponse<String> me = bearer
			.send(bearer.request("/api/v1/auth/me").header("Authorization", "Bearer " + secret));
		HttpResponse<String> submitted = bearer.send(bearer.request("/api/v1/jobs")
			.header("Authorization", "Bearer " + secret)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"TRAIN\",\"task\":\"digits\"}")));
		HttpResponse<String> basic = user.get("/api/v1/auth/me");
		for (HttpResponse<String> response : List.of(me, submitted, basic)) {
			assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
			assertThat(response.headers().allValues("Set-Cookie")).as(response.request().uri().getPath())
				.noneMatch((cookie) -> cookie.startsWith("XSRF-TOKEN="));
		}
		// a browser still gets the cookie its scripts echo, from the first page on
		HttpResponse<String> page = anonymous().get("/login");
		assertThat(page.headers().allValues("Set-Cookie")).anyMatch((cookie) -> cookie.startsWith("XSRF-TOKEN="));
		Browser browser = Browser.logIn(anonymous(), user.username(), TestAdmin.USER_PASSWORD);
		assertThat(browser.cookie("XSRF-TOKEN")).isPresent();
	}

	@Test
	void pagesAndApiCarryTheSecurityHeaders() {
		for (HttpResponse<String> response : List.of(anonymous().get("/"), anonymous().get("/api/v1/jobs"),
				TestAdmin.admin(this.port).get("/api/v1/jobs"))) {
			String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
			assertThat(csp).contains("script-src 'self'")
				.contains("frame-ancestors 'none'")
				.contains("object-src 'none'")
				.doesNotContain("unsafe-inline")
				.doesNotContain("unsafe-eval");
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
		}
	}

	@Test
	void aBrowserIsNeverChallengedForBasicCredentials() {
		ApiClient anonymous = anonymous();
		HttpResponse<String> navigation = anonymous
			.send(anonymous.request("/api/v1/jobs").header("Accept", "text/html,application/xhtml+xml"));
		HttpResponse<String> script = anonymous
			.send(anonymous.request("/api/v1/jobs").header("X-Requested-With", "fetch"));
		HttpResponse<String> client = anonymous.get("/api/v1/jobs");
		assertThat(List.of(navigation.statusCode(), script.statusCode(), client.statusCode())).containsOnly(401);
		// the password dialog would make the browser send the credentials with forged
		// requests too
		assertThat(navigation.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(script.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(client.headers().firstValue("WWW-Authenticate")).isPresent();
	}

	@Test
	void theHomePageHasNoInlineScript() {
		String page = anonymous().get("/").body();
		Matcher scripts = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(page);
		assertThat(scripts.find()).as("an inline <script> in /").isFalse();
		assertThat(page).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
	}

	@Test
	void repeatedWrongPasswordsLockTheNameForThisClientWith429() {
		ApiClient user = TestAdmin.newUser(this.port, "throttle");
		// remembered by the verified-password cache, which must not get around the lock
		assertThat(user.get("/api/v1/auth/me").statusCode()).isEqualTo(200);
		ApiClient wrong = anonymous().as(user.username(), "not-the-password");
		for (int i = 0; i < 3; i++) {
			assertThat(wrong.get("/api/v1/auth/me").statusCode()).isEqualTo(401);
		}
		// locked: even the right password is refused now, before it is checked
		HttpResponse<String> locked = user.get("/api/v1/auth/me");
		assertThat(locked.statusCode()).isEqualTo(429);
		assertThat(locked.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 15 * 60L));
		assertThat(this.json.readTree(locked.body()).get("type").asString()).endsWith("/login-throttled");
		assertThat(this.json.readTree(locked.body()).get("title").asString()).isEqualTo("Too many failed logins");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM login_throttle WHERE failures >= 3", Long.class))
			.isPositive();
		// the login form is locked too, and the login page says why; other users are not
		Browser browser = Browser.open(anonymous());
		HttpResponse<String> form = browser.submitLogin(user.username(), TestAdmin.USER_PASSWORD);
		assertThat(form.statusCode()).isEqualTo(302);
		assertThat(form.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?throttled"));
		assertThat(browser.get("/login?throttled").body()).contains("Too many wrong passwords from here");
		assertThat(TestAdmin.newUser(this.port, "other").get("/api/v1/auth/me").statusCode()).isEqualTo(200);
	}

	@Test
	void healthDetailsAndTheRestOfActuatorAreForAdminsOnly() {
		ApiClient user = TestAdmin.newUser(this.port, "health");
		ApiClient admin = TestAdmin.admin(this.port);
		for (ApiClient caller : List.of(anonymous(), user)) {
			HttpResponse<String> health = caller.get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			JsonNode status = this.json.readTree(health.body());
			assertThat(status.get("status").asString()).isEqualTo("UP");
			assertThat(status.has("components")).as(health.body()).isFalse();
			assertThat(health.body()).doesNotContain("database").doesNotContain("rabbit");
			// the probes answer everyone, without details
			assertThat(caller.get("/actuator/health/readiness").body()).doesNotContain("components");
		}
		HttpResponse<String> detailed = admin.get("/actuator/health");
		assertThat(detailed.statusCode()).isEqualTo(200);
		JsonNode components = this.json.readTree(detailed.body()).get("components");
		assertThat(components).as(detailed.body()).isNotNull();
		assertThat(components.get("db").get("details").get("database").asString()).isEqualTo("PostgreSQL");
		// the index and metrics: the admins'; Prometheus scrapes the replica's own port
		assertThat(anonymous().get("/actuator").statusCode()).isEqualTo(401);
		assertThat(user.get("/actuator").statusCode()).isEqualTo(403);
		assertThat(user.get("/actuator/metrics").statusCode()).isEqualTo(403);
		assertThat(admin.get("/actuator").statusCode()).isEqualTo(200);
		assertThat(anonymous().get("/actuator/prometheus").statusCode()).isEqualTo(200);
	}

	@Test
	void openApiDescribesTheApiItsAuthenticationAndProblemDetails() {
		HttpResponse<String> docs = anonymous().get("/api/docs.json");
		assertThat(docs.statusCode()).isEqualTo(200);
		JsonNode api = this.json.readTree(docs.body());
		assertThat(api.get("paths").propertyNames()).contains("/api/v1/jobs", "/api/v1/jobs/{id}",
				"/api/v1/predict/{task}", "/api/v1/auth/register", "/api/v1/models/{id}/promote");
		assertThat(api.get("components").get("securitySchemes").get("basic").get("scheme").asString())
			.isEqualTo("basic");
		assertThat(api.get("paths").get("/api/v1/jobs").get("post").get("responses").get("401").toString())
			.contains("ProblemDetail");
		HttpResponse<String> ui = anonymous().get("/api/docs");
		assertThat(ui.statusCode()).isEqualTo(302);
		String location = ui.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> page = anonymous().get(location.replaceFirst("^https?://[^/]+", ""));
		assertThat(page.statusCode()).as(location).isEqualTo(200);
		assertThat(page.body()).contains("swagger-ui");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("script-src 'self';").contains("frame-ancestors 'none'"));
	}

	@Test
	void aTooLargeUploadIsA413ProblemDetail() {
		ApiClient user = TestAdmin.newUser(this.port, "upload");
		byte[] big = new byte[200 * 1024];
		String boundary = "big";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"big.png\"\r\n"
				+ "Content-Type: image/png\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[head.length + big.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(big, 0, body, head.length, big.length);
		System.arraycopy(tail, 0, body, head.length + big.length, tail.length);
		HttpResponse<String> response = user.send(user.request("/api/v1/predict/digits")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	/**
	 * A browser: cookies (the session and the CSRF token) kept by hand, the login form
	 * filled in as a person would.
	 */
	record Browser(ApiClient client, StringBuilder cookies, StringBuilder sessionSetCookie) {

		static Browser open(ApiClient anonymous) {
			return new Browser(anonymous, new StringBuilder(), new StringBuilder());
		}

		static Browser logIn(ApiClient anonymous, String username, String password) {
			Browser browser = open(anonymous);
			HttpResponse<String> response = browser.submitLogin(username, password);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
			return browser;
		}

		HttpResponse<String> submitLogin(String username, String password) {
			HttpResponse<String> page = get("/login");
			assertThat(page.statusCode()).isEqualTo(200);
			Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
			assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
			String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
					+ encode(csrf.group(1));
			return send(this.client.request("/login")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
		}

		HttpResponse<String> get(String path) {
			return send(this.client.request(path).GET());
		}

		HttpResponse<String> post(String path, String json, boolean withCsrfHeader) {
			HttpRequest.Builder request = this.client.request(path)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json));
			if (withCsrfHeader) {
				request.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN").orElseThrow());
			}
			return send(request);
		}

		String sessionCookieHeader() {
			return this.sessionSetCookie.toString();
		}

		Optional<String> cookie(String name) {
			for (String pair : this.cookies.toString().split("; ")) {
				if (pair.startsWith(name + "=")) {
					return Optional.of(pair.substring(name.length() + 1));
				}
			}
			return Optional.empty();
		}

		private HttpResponse<String> send(HttpRequest.Builder request) {
			if (!this.cookies.isEmpty()) {
				request.header("Cookie", this.cookies.toString());
			}
			HttpResponse<String> response = this.client.send(request);
			for (String setCookie : response.headers().allValues("Set-Cookie")) {
				String pair = setCookie.split(";", 2)[0];
				String name = pair.substring(0, pair.indexOf('='));
				if (name.equals("SESSION")) {
					this.sessionSetCookie.setLength(0);
					this.sessionSetCookie.append(setCookie);
				}
				remove(name);
				if (pair.length() > name.length() + 1) {
					this.cookies.append(this.cookies.isEmpty() ? "" : "; ").append(pair);
				}
			}
			return response;
		}

		private void remove(String name) {
			String kept = String.join("; ",
					java.util.Arrays.stream(this.cookies.toString().split("; "))
						.filter((pair) -> !pair.isEmpty() && !pair.startsWith(name + "="))
						.toList());
			this.cookies.setLength(0);
			this.cookies.append(kept);
		}

		private static String encode(String value) {
			return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	@Test
	void anApiCallIsObservedAsOneRequestNotOncePerSecurityFilter() {
		ApiClient user = TestAdmin.newUser(this.port, "observed");
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		java.util.concurrent.atomic.AtomicBoolean recording = new java.util.concurrent.atomic.AtomicBoolean(true);
		this.observations.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
			@Override
			public void onStart(io.micrometer.observation.Observation.Context context) {
				if (recording.get()) {
					seen.add(context.getName());
				}
			}

			@Override
			public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
				return true;
			}
		});
		try {
			assertThat(user.get("/api/v1/auth/me").statusCode()).isEqualTo(200);
		}
		finally {
			recording.set(false);
		}
		assertThat(seen).as("the request is measured").contains("http.server.requests");
		assertThat(seen).as("no observation per security filter")
			.noneMatch((name) -> name.startsWith("spring.security"));
	}

}
