package io.deepdock.webapp.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login attempt (the login form's post, or any request with HTTP Basic
 * credentials) from a client that is locked for that user name ({@link LoginThrottle}),
 * before the password is checked: the API gets 429 with {@code Retry-After}, the login
 * form is sent back to the login page, which says why.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

	private final LoginThrottle throttle;

	private final ProblemResponses problems;

	LoginThrottleFilter(LoginThrottle throttle, ProblemResponses problems) {
		this.throttle = throttle;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String username = username(request);
		if (username != null) {
			Optional<Duration> locked = this.throttle.lockedFor(username, request.getRemoteAddr());
			if (locked.isPresent()) {
				long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
				if (isFormLogin(request)) {
					response.sendRedirect(request.getContextPath() + "/login?throttled");
					return;
				}
				this.problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "login-throttled",
						"Too many failed logins",
						"Too many wrong passwords from here: try again in " + seconds + " seconds.");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static String username(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				return (colon >= 0) ? decoded.substring(0, colon) : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		if (isFormLogin(request)) {
			return request.getParameter("username");
		}
		return null;
	}

	private static boolean isFormLogin(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())
				&& request.getHeader(HttpHeaders.AUTHORIZATION) == null;
	}

}
