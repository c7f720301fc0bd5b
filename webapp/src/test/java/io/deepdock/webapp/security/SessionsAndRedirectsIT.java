package io.deepdock.webapp.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No session before a login (issue 12, low 12), and no URL built from the request's
 * {@code Host} (low 10): over raw HTTP, so that the {@code Host} header can be forged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "deepdock.bootstrap.train-missing=false")
@WithInfrastructure
class SessionsAndRedirectsIT {

	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	static final String EVIL = "evil.example";

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) throws Exception {
		String dir = Files.createTempDirectory("deepdock-sessions").toString();
		registry.add("deepdock.media.dir", () -> dir);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	long sessions() {
		return this.jdbc.queryForObject("SELECT count(*) FROM spring_session", Long.class);
	}

	@Test
	void anonymousPageViewsCreateNoSessionAndLoginStillWorksWithCsrf() {
		ApiClient anonymous = ApiClient.at(this.port);
		long before = sessions();
		for (int i = 0; i < 5; i++) {
			for (String path : List.of("/", "/login", "/register", "/jobs", "/models", "/predictions", "/train",
					"/no-such-page", "/login?error", "/api/v1/jobs")) {
				HttpResponse<String> page = anonymous
					.send(anonymous.request(path).header("Accept", BROWSER_ACCEPT).GET());
				assertThat(page.statusCode()).as(path).isLessThan(500);
				assertThat(page.headers().allValues("Set-Cookie")).as(path)
					.noneSatisfy((cookie) -> assertThat(cookie).startsWith("SESSION="));
			}
		}
		assertThat(sessions()).as("spring_session rows after 50 anonymous page views").isEqualTo(before);
		ApiClient user = TestAdmin.newUser(this.port, "nosession");
		SecurityIT.Browser browser = SecurityIT.Browser.logIn(anonymous, user.username(), TestAdmin.USER_PASSWORD);
		assertThat(browser.get("/api/v1/auth/me").statusCode()).isEqualTo(200);
		assertThat(sessions()).isEqualTo(before + 1);
	}

	@Test
	void afterLoginTheBrowserReturnsToThePageItAskedForByARelativeLocation() {
		ApiClient user = TestAdmin.newUser(this.port, "back");
		SecurityIT.Browser browser = SecurityIT.Browser.open(ApiClient.at(this.port));
		HttpResponse<String> refused = browser.client()
			.send(browser.client().request("/jobs?page=0").header("Accept", BROWSER_ACCEPT).GET());
		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location")).hasValue("/login");
		// the page asked for travels in a cookie, not a session
		String remembered = refused.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("REDIRECT_URI="))
			.findFirst()
			.orElseThrow()
			.split(";", 2)[0];
		HttpResponse<String> login = browser.client()
			.send(browser.client().request("/login").header("Accept", BROWSER_ACCEPT).GET());
		String csrfCookie = login.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("XSRF-TOKEN="))
			.findFirst()
			.orElseThrow()
			.split(";", 2)[0];
		Raw loggedIn = raw("POST", "/login", "localhost",
				Map.of("Cookie", remembered + "; " + csrfCookie, "Content-Type", "application/x-www-form-urlencoded"),
				form(user.username(), TestAdmin.USER_PASSWORD, csrf(login.body())));
		assertThat(loggedIn.status()).isEqualTo(302);
		assertThat(loggedIn.header("Location")).isEqualTo("/jobs?page=0");
	}

	@Test
	void noLocationIsBuiltFromAForgedHostOrForwardedHost() {
		ApiClient user = TestAdmin.newUser(this.port, "host");
		ApiClient admin = TestAdmin.admin(this.port);
		List<String> seen = new ArrayList<>();
		for (Map<String, String> forged : List.of(Map.<String, String>of(),
				Map.of("X-Forwarded-Host", EVIL, "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443"))) {
			String host = forged.isEmpty() ? EVIL : "localhost";
			// a stranger sent to the login page
			Raw toLogin = raw("GET", "/jobs", host, with(forged, "Accept", BROWSER_ACCEPT), null);
			assertThat(toLogin.status()).isEqualTo(302);
			seen.add(toLogin.header("Location"));
			// the login form, then its answer
			Raw loginPage = raw("GET", "/login", host, with(forged, "Accept", BROWSER_ACCEPT), null);
			String csrfCookie = loginPage.cookie("XSRF-TOKEN");
			Raw loggedIn = raw("POST", "/login", host,
					with(with(forged, "Cookie", csrfCookie), "Content-Type", "application/x-www-form-urlencoded"),
					form(user.username(), TestAdmin.USER_PASSWORD, csrf(loginPage.body())));
			assertThat(loggedIn.status()).isEqualTo(302);
			seen.add(loggedIn.header("Location"));
			Raw wrong = raw("POST", "/login", host,
					with(with(forged, "Cookie", csrfCookie), "Content-Type", "application/x-www-form-urlencoded"),
					form(user.username(), "not-the-password", csrf(loginPage.body())));
			assertThat(wrong.status()).isEqualTo(302);
			seen.add(wrong.header("Location"));
			// log out
			String session = loggedIn.cookie("SESSION");
			Raw logout = raw("POST", "/logout", host,
					with(with(with(forged, "Cookie", session + "; " + csrfCookie), "Content-Type",
							"application/x-www-form-urlencoded"), "Accept", BROWSER_ACCEPT),
					"_csrf=" + URLEncoder.encode(csrf(loginPage.body()), StandardCharsets.UTF_8));
			assertThat(logout.status()).isEqualTo(302);
			seen.add(logout.header("Location"));
			// registration through the page
			Raw registerPage = raw("GET", "/register", host, with(forged, "Accept", BROWSER_ACCEPT), null);
			Raw registered = raw("POST", "/register", host,
					with(with(forged, "Cookie", registerPage.cookie("XSRF-TOKEN")), "Content-Type",
							"application/x-www-form-urlencoded"),
					"username=" + ApiClient.uniqueName("reg") + "&password=" + TestAdmin.USER_PASSWORD + "&_csrf="
							+ URLEncoder.encode(csrf(registerPage.body()), StandardCharsets.UTF_8));
			assertThat(registered.status()).isEqualTo(302);
			seen.add(registered.header("Location"));
			// 201 and 202 of the API
			Raw job = raw("POST", "/api/v1/jobs", host,
					with(with(forged, "Authorization", basic(user)), "Content-Type", "application/json"),
					"{\"type\":\"TRAIN\",\"task\":\"digits\"}");
			assertThat(job.status()).isEqualTo(202);
			seen.add(job.header("Location"));
			Raw account = raw("POST", "/api/v1/auth/register", host, with(forged, "Content-Type", "application/json"),
					"{\"username\":\"" + ApiClient.uniqueName("api") + "\",\"password\":\"" + TestAdmin.USER_PASSWORD
							+ "\"}");
			assertThat(account.status()).isEqualTo(201);
			seen.add(account.header("Location"));
			Raw imported = raw("POST", "/api/v1/datasets/import", host,
					with(with(forged, "Authorization", basic(admin)), "Content-Type", "application/json"),
					"{\"dataset\":\"digits\"}");
			assertThat(imported.status()).isEqualTo(202);
			seen.add(imported.header("Location"));
			// the API description and Swagger UI's redirect
			Raw docs = raw("GET", "/api/docs.json", host, forged, null);
			assertThat(docs.status()).isEqualTo(200);
			assertThat(docs.body()).doesNotContain(EVIL).contains("\"servers\":[{\"url\":\"/\"");
			Raw ui = raw("GET", "/api/docs", host, with(forged, "Accept", BROWSER_ACCEPT), null);
			assertThat(ui.status()).isBetween(300, 399);
			seen.add(ui.header("Location"));
			for (Raw answer : List.of(toLogin, loggedIn, wrong, logout, registered, job, account, imported, docs, ui)) {
				assertThat(answer.head()).doesNotContainIgnoringCase(EVIL);
			}
		}
		assertThat(seen).allSatisfy((location) -> assertThat(location).startsWith("/").doesNotStartWith("//"));
	}

	static String basic(ApiClient caller) {
		String password = caller.username().equals(TestAdmin.USERNAME) ? TestAdmin.PASSWORD : TestAdmin.USER_PASSWORD;
		return "Basic " + java.util.Base64.getEncoder()
			.encodeToString((caller.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static Map<String, String> with(Map<String, String> headers, String name, String value) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put(name, value);
		return all;
	}

	static String csrf(String page) {
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
		assertThat(csrf.find()).as("the form carries a CSRF token").isTrue();
		return csrf.group(1);
	}

	static String form(String username, String password, String csrf) {
		return "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(csrf, StandardCharsets.UTF_8);
	}

	/** An answer read off the socket: its head as sent, and its body. */
	record Raw(int status, String head, String body) {

		String header(String name) {
			for (String line : this.head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
					return line.substring(colon + 1).strip();
				}
			}
			return null;
		}

		/** {@code name=value} of a cookie the answer sets. */
		String cookie(String name) {
			for (String line : this.head.split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("set-cookie:")
						&& line.substring(11).strip().startsWith(name + "=")) {
					return line.substring(11).strip().split(";", 2)[0];
				}
			}
			throw new AssertionError("no cookie " + name + " in\n" + this.head);
		}

	}

	/** One HTTP/1.1 exchange with the Host header chosen. */
	Raw raw(String method, String path, String host, Map<String, String> headers, String body) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(60_000);
			byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
			StringBuilder request = new StringBuilder().append(method)
				.append(' ')
				.append(path)
				.append(" HTTP/1.1\r\nHost: ")
				.append(host)
				.append("\r\nConnection: close\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			if (body != null) {
				request.append("Content-Length: ").append(content.length).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String text = all.toString(StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String rest = (end >= 0) ? text.substring(end + 4) : "";
			return new Raw(Integer.parseInt(head.split(" ", 3)[1]), head, rest);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
