package io.deepdock.webapp.problems;

import java.net.http.HttpResponse;
import java.util.List;

import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person who opens a page that fails gets a readable HTML page with the reason; API
 * clients keep getting RFC 9457 problem details from the same failures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithInfrastructure
class ErrorPagesIT {

	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@LocalServerPort
	int port;

	HttpResponse<String> open(ApiClient caller, String path, String accept) {
		return caller.send(caller.request(path).header("Accept", accept).GET());
	}

	@Test
	void anotherUsersOrAMissingJobPageIsAnHtmlPageSayingSo() {
		ApiClient user = TestAdmin.newUser(this.port, "errors");
		HttpResponse<String> page = open(user, "/jobs/987654321", BROWSER_ACCEPT);
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<h1 id=\"error-title\">Not found</h1>")
			.contains("HTTP <span id=\"error-status\">404</span>")
			.contains("There is no job 987654321.")
			.contains("id=\"current-user\"")
			.doesNotContain("\"type\":");
	}

	@Test
	void anUnknownPageIsAnHtmlPageWithAPlainExplanation() {
		ApiClient user = TestAdmin.newUser(this.port, "errors");
		HttpResponse<String> page = open(user, "/no-such-page", BROWSER_ACCEPT);
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("There is no such page, or it is not yours to see.");
		// the error page's header knows who is logged in, as every other page's does
		assertThat(page.body()).contains("id=\"current-user\"").doesNotContain("id=\"login-link\"");
	}

	@Test
	void aPageNumberPastTheLastPossibleRowIsAnHtmlPageNamingIt() {
		ApiClient user = TestAdmin.newUser(this.port, "errors");
		for (String path : List.of("/jobs?page=2147483647", "/predictions?page=2147483647&task=digits",
				"/jobs?page=-1")) {
			HttpResponse<String> page = open(user, path, BROWSER_ACCEPT);
			assertThat(page.statusCode()).as(path).isEqualTo(400);
			assertThat(page.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
			assertThat(page.body()).as(path)
				.contains("<h1 id=\"error-title\">Invalid paging or sorting</h1>")
				.contains("Some parameters are invalid: page.");
		}
		for (String path : List.of("/jobs?page=99999999999", "/jobs/99999999999999999999")) {
			HttpResponse<String> page = open(user, path, BROWSER_ACCEPT);
			assertThat(page.statusCode()).as(path).isEqualTo(400);
			assertThat(page.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		}
	}

	@Test
	void aNulCharacterInAPageParameterIsAnHtmlPageSayingSo() {
		ApiClient user = TestAdmin.newUser(this.port, "errors");
		HttpResponse<String> page = open(user, "/predictions?label=cat%00", BROWSER_ACCEPT);
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<h1 id=\"error-title\">Request refused</h1>")
			.contains("a NUL character, %00, anywhere");
	}

	@Test
	void theApiKeepsAnsweringProblemDetailsEvenToABrowser() {
		ApiClient user = TestAdmin.newUser(this.port, "errors");
		HttpResponse<String> api = open(user, "/api/v1/jobs/987654321", BROWSER_ACCEPT);
		assertThat(api.statusCode()).isEqualTo(404);
		assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> script = open(user, "/jobs/987654321", "application/json");
		assertThat(script.statusCode()).isEqualTo(404);
		assertThat(script.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(script.body()).contains("\"status\":404");
	}

}
