package io.deepdock.webapp.replica;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Names the replica that answered in {@code X-Deepdock-Replica} on every response. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReplicaHeaderFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Deepdock-Replica";

	private final String replica;

	ReplicaHeaderFilter(ReplicaProperties properties) {
		this.replica = properties.replica();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(HEADER, this.replica);
		chain.doFilter(request, response);
	}

}
