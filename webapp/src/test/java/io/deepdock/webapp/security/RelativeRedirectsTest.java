package io.deepdock.webapp.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelativeRedirectsTest {

	@Test
	void keepsOnlyThePathQueryAndFragmentOfAnAbsoluteUrl() {
		assertThat(RelativeRedirects.relative("", "http://evil.example:8080/jobs?page=2#top"))
			.isEqualTo("/jobs?page=2#top");
		assertThat(RelativeRedirects.relative("", "https://evil.example")).isEqualTo("/");
	}

	@Test
	void neverAnswersAUrlThatABrowserReadsAsAnotherHost() {
		assertThat(RelativeRedirects.relative("", "//evil.example/jobs")).isEqualTo("/jobs");
		assertThat(RelativeRedirects.relative("", "http://evil.example//other.example/x"))
			.isEqualTo("/other.example/x");
	}

	@Test
	void prefixesTheContextPathToARelativePath() {
		assertThat(RelativeRedirects.relative("/app", "/login?error")).isEqualTo("/app/login?error");
		assertThat(RelativeRedirects.relative("", "/login?error")).isEqualTo("/login?error");
	}

}
