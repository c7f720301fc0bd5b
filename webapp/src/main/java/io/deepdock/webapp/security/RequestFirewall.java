package io.deepdock.webapp.security;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's firewall, which every request passes before anything reads it, made
 * to refuse the one character PostgreSQL cannot store in a text: NUL (U+0000,
 * {@code %00}) in any parameter value (query string, form field or multipart field,
 * checked whenever the value is read, by the login form as by any controller). The
 * firewall already refuses it in the path, in parameter names and in header values.
 * Everything it refuses is a 400 problem detail (a page turns it into its error page),
 * instead of Spring's default error body. JSON bodies are checked by
 * {@code problems.JsonTextRules}, uploaded files by their readers.
 */
@Configuration(proxyBeanMethods = false)
class RequestFirewall {

	static final String DETAIL = "The request was refused before it reached deepdock: its URL, a parameter or a "
			+ "header holds a character or sequence that is never accepted (a NUL character, %00, anywhere; a "
			+ "control character in a name or header; an encoded '/', '\\', '.' or '%', or '//', in the path).";

	@Bean
	static HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedParameterValues((value) -> value.indexOf('\0') < 0);
		return firewall;
	}

	@Bean
	static RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
		ProblemResponses problems = new ProblemResponses(json);
		return (request, response, ex) -> {
			if (response.isCommitted()) {
				return;
			}
			response.resetBuffer();
			problems.write(request, response, HttpStatus.BAD_REQUEST, "rejected-request", "Request refused", DETAIL);
		};
	}

}
