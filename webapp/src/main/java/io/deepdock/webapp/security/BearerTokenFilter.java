package io.deepdock.webapp.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer ddt_...} with a personal API token, for this
 * request only (no session), with the token's scopes ({@link ApiTokenAuthentication}). An
 * unknown or deleted token is a 401 problem detail.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private final ApiTokens tokens;

	private final ProblemResponses problems;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final RequestAttributeSecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

	BearerTokenFilter(ApiTokens tokens, ProblemResponses problems) {
		this.tokens = tokens;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiTokens.Holder> holder = this.tokens.authenticate(authorization.substring(7).trim());
		if (holder.isEmpty()) {
			this.problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid API token",
					"The API token is unknown or was deleted.");
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(new ApiTokenAuthentication(holder.get().user(), holder.get().scopes()));
		this.contexts.setContext(context);
		// kept for this request's later dispatches (the async one that ends a stream of
		// server-sent events): without it that dispatch is anonymous, refused after the
		// answer has begun, and the client gets a broken chunked body
		this.repository.saveContext(context, request, response);
		chain.doFilter(request, response);
	}

}
