package io.deepdock.webapp.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import io.deepdock.webapp.problems.DatabaseUnavailable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * 401, 403 and 429 as RFC 9457 problem details, written by the security filters (before
 * any controller, so {@code ApiExceptionHandler} never sees them).
 */
final class ProblemResponses {

	static final String TYPE_BASE = "https://deepdock.io/problems/";

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	/**
	 * 401 for the API. {@code WWW-Authenticate} invites HTTP Basic, but never a browser
	 * (a navigation that accepts HTML, or the pages' scripts, which send
	 * {@code X-Requested-With}): its password dialog would make it remember the
	 * credentials and send them with every later request, even a forged cross-site one.
	 */
	AuthenticationEntryPoint unauthorized() {
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException ex) -> {
			if (DatabaseUnavailable.in(ex)) {
				// the credentials could not be checked: not a 401, which would say they
				// are wrong
				response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER);
				write(request, response, HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.TYPE,
						DatabaseUnavailable.TITLE, DatabaseUnavailable.DETAIL);
				return;
			}
			String accept = request.getHeader(HttpHeaders.ACCEPT);
			boolean browser = request.getHeader("X-Requested-With") != null
					|| (accept != null && accept.contains("text/html"));
			if (!browser) {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"deepdock\", charset=\"UTF-8\"");
			}
			write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required",
					"Log in, or send HTTP Basic credentials (curl -u user:password).");
		};
	}

	AccessDeniedHandler forbidden() {
		return (request, response, ex) -> {
			if (ex instanceof CsrfException) {
				write(request, response, HttpStatus.FORBIDDEN, "csrf", "Missing or invalid CSRF token",
						"A form post with a session cookie needs the CSRF token (form field _csrf, or header "
								+ "X-XSRF-TOKEN with the value of the XSRF-TOKEN cookie). API clients using HTTP "
								+ "Basic need none.");
				return;
			}
			if (ex instanceof AuthorizationDeniedException denied
					&& denied.getAuthorizationResult() instanceof TokenScopeAuthorization.MissingScope missing) {
				write(request, response, HttpStatus.FORBIDDEN, "insufficient-scope", "The API token lacks a scope",
						missing.detail());
				return;
			}
			write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"This needs a role you do not have.");
		};
	}

	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type, String title,
			String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", TYPE_BASE + type);
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		// the client's path, cut like every echo
		problem.put("instance", io.deepdock.webapp.problems.Echo.path(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(this.json.writeValueAsString(problem));
	}

}
