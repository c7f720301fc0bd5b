package io.deepdock.webapp.problems;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * A person who opens a page gets an HTML error page, never the problem JSON that API
 * clients get. A page navigation or form post (GET, HEAD or POST outside {@code /api} and
 * {@code /assets} that accepts {@code text/html}: a form refused by the firewall, say)
 * whose answer is an RFC 9457 problem is turned into an error dispatch carrying the
 * problem's title and detail; Spring Boot's error controller then renders
 * {@code templates/error.html} with them. Errors that never were problems (an unknown
 * path, a refused role) reach the same page through Boot's own error dispatch.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 60)
class HtmlErrorPages extends OncePerRequestFilter {

	static final String TITLE = HtmlErrorPages.class.getName() + ".title";

	static final String DETAIL = HtmlErrorPages.class.getName() + ".detail";

	private final JsonMapper json;

	HtmlErrorPages(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return !("GET".equals(method) || "HEAD".equals(method) || "POST".equals(method)) || path.startsWith("/api/")
				|| path.startsWith("/assets/") || path.startsWith("/actuator") || accept == null
				|| !accept.contains(MediaType.TEXT_HTML_VALUE);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
		chain.doFilter(request, wrapper);
		String type = wrapper.getContentType();
		int status = wrapper.getStatus();
		if (status >= 400 && type != null && type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
				&& !response.isCommitted()) {
			JsonNode problem = this.json.readTree(wrapper.getContentAsByteArray());
			request.setAttribute(TITLE, problem.path("title").asString(""));
			request.setAttribute(DETAIL, problem.path("detail").asString(""));
			response.resetBuffer();
			response.sendError(status, problem.path("title").asString(""));
			return;
		}
		wrapper.copyBodyToResponse();
	}

	/**
	 * Adds the problem's {@code title} and {@code detail}, when a page's problem was
	 * turned into the error dispatch, to what the error page (and Boot's JSON error)
	 * shows.
	 */
	@Component
	static class ProblemErrorAttributes extends DefaultErrorAttributes {

		@Override
		public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
			Map<String, Object> attributes = super.getErrorAttributes(request, options);
			Object title = request.getAttribute(TITLE, RequestAttributes.SCOPE_REQUEST);
			Object detail = request.getAttribute(DETAIL, RequestAttributes.SCOPE_REQUEST);
			if (title != null) {
				attributes.put("title", title);
			}
			if (detail != null) {
				attributes.put("detail", detail);
			}
			return attributes;
		}

	}

}
