package io.deepdock.webapp.security;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The rule of a route, plus the scope a personal API token needs for it. A request with a
 * password (session or HTTP Basic) passes when the rule does; a request with a token must
 * also carry the scope. A refusal for a missing scope is a {@link MissingScope}, which
 * {@link ProblemResponses#forbidden()} names in its 403.
 */
final class TokenScopeAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

	/** Refused: the token lacks {@code scope} ({@code null}: no token may do this). */
	static final class MissingScope extends AuthorizationDecision {

		private final TokenScope scope;

		MissingScope(TokenScope scope) {
			super(false);
			this.scope = scope;
		}

		String detail() {
			return (this.scope != null)
					? "This API token does not have the scope '" + this.scope.value()
							+ "'. Make a token with it, or use your password."
					: "API tokens cannot do this; use your password.";
		}

	}

	private final TokenScope scope;

	private final AuthorizationManager<RequestAuthorizationContext> rule;

	private TokenScopeAuthorization(TokenScope scope, AuthorizationManager<RequestAuthorizationContext> rule) {
		this.scope = scope;
		this.rule = rule;
	}

	/** {@code rule}, and a token needs {@code scope}. */
	static TokenScopeAuthorization scoped(TokenScope scope, AuthorizationManager<RequestAuthorizationContext> rule) {
		return new TokenScopeAuthorization(scope, rule);
	}

	/** Any logged-in caller; a token needs {@code scope}. */
	static TokenScopeAuthorization authenticated(TokenScope scope) {
		return scoped(scope, AuthenticatedAuthorizationManager.authenticated());
	}

	/**
	 * Any logged-in caller, never a token: the catch-all for what is not an API route
	 * with a scope (page forms, say), so that a route added later is closed to tokens
	 * until someone decides which scope it needs.
	 */
	static TokenScopeAuthorization passwordOnly() {
		return scoped(null, AuthenticatedAuthorizationManager.authenticated());
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		AuthorizationResult result = this.rule.authorize(authentication, context);
		// null abstains, which the filter takes as a yes: the scope is still checked
		if (result != null && !result.isGranted()) {
			return result;
		}
		if (authentication.get() instanceof ApiTokenAuthentication token
				&& (this.scope == null || !token.has(this.scope))) {
			return new MissingScope(this.scope);
		}
		return (result != null) ? result : new AuthorizationDecision(true);
	}

}
