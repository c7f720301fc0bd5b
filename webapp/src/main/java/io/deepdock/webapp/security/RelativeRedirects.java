package io.deepdock.webapp.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.RedirectStrategy;

/**
 * Redirects to a path on this site, never to an absolute URL: Spring Security makes the
 * target of the redirect after a login absolute from the request's scheme and
 * {@code Host} header (the saved request's {@code getRedirectUrl()}), so a forged
 * {@code Host} would name another site. Only the path, query and fragment are kept (RFC
 * 9110 allows a relative {@code Location}); Tomcat sends it as given
 * ({@code server.tomcat.use-relative-redirects}).
 */
final class RelativeRedirects implements RedirectStrategy {

	@Override
	public void sendRedirect(HttpServletRequest request, HttpServletResponse response, String url) throws IOException {
		response.sendRedirect(response.encodeRedirectURL(relative(request.getContextPath(), url)));
	}

	static String relative(String contextPath, String url) {
		URI uri = URI.create(url);
		if (!uri.isAbsolute() && uri.getRawAuthority() == null) {
			return url.startsWith("/") ? contextPath + url : contextPath + "/" + url;
		}
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		if (path.startsWith("//")) {
			// never a scheme-relative URL to another host
			path = "/" + path.replaceFirst("^/+", "");
		}
		return path + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "")
				+ ((uri.getRawFragment() != null) ? "#" + uri.getRawFragment() : "");
	}

}
