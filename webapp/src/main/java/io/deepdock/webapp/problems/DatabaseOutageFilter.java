package io.deepdock.webapp.problems;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * A request that fails because PostgreSQL cannot be reached ({@link DatabaseUnavailable})
 * is answered 503 with {@code Retry-After}: an RFC 9457 problem for the API and scripts,
 * a plain page for a browser. It sits in front of every other filter, Spring Session's
 * included (which loads the session from PostgreSQL before security or any controller
 * runs), so the failure is caught wherever it happens. The page is written here, not by
 * the error template: that one shows the caller, which needs the database.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class DatabaseOutageFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

	/** {@code ReplicaHeaderFilter}'s header, kept on the 503. */
	static final String REPLICA_HEADER = "X-Deepdock-Replica";

	private final JsonMapper json;

	DatabaseOutageFilter(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (!DatabaseUnavailable.in(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("{} {}: 503, the database is unavailable ({})", request.getMethod(), request.getRequestURI(),
					rootMessage(ex));
			answer(request, response);
		}
	}

	private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
		// whatever the failed request had set (a cookie, a content type) goes; the
		// replica's
		// name stays
		String replica = response.getHeader(REPLICA_HEADER);
		response.reset();
		if (replica != null) {
			response.setHeader(REPLICA_HEADER, replica);
		}
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (wantsPage(request)) {
			response.setCharacterEncoding("UTF-8");
			response.setContentType(MediaType.TEXT_HTML_VALUE);
			response.getWriter()
				.write("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
						+ DatabaseUnavailable.TITLE
						+ " · deepdock</title></head>\n<body><main id=\"main\" class=\"error-page\">"
						+ "<h1 id=\"error-title\">" + DatabaseUnavailable.TITLE + "</h1>"
						+ "<p class=\"error-status\">HTTP <span id=\"error-status\">503</span></p>"
						+ "<p id=\"error-detail\">" + HtmlUtils.htmlEscape(DatabaseUnavailable.DETAIL) + "</p>"
						+ "<p><a href=\"" + HtmlUtils.htmlEscape(Echo.path(request.getRequestURI()))
						+ "\">Try again</a></p></main></body></html>\n");
			return;
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", ApiExceptionHandler.TYPE_BASE + DatabaseUnavailable.TYPE);
		problem.put("title", DatabaseUnavailable.TITLE);
		problem.put("status", HttpStatus.SERVICE_UNAVAILABLE.value());
		problem.put("detail", DatabaseUnavailable.DETAIL);
		problem.put("instance", Echo.path(request.getRequestURI()));
		// JSON is UTF-8 by definition: no charset parameter, as every other problem
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
	}

	/** A page navigation, as {@link HtmlErrorPages} tells them apart. */
	private static boolean wantsPage(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return !path.startsWith("/api/") && !path.startsWith("/actuator") && accept != null
				&& accept.contains(MediaType.TEXT_HTML_VALUE);
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
