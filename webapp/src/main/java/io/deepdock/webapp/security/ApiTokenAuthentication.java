package io.deepdock.webapp.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by a personal API token: its user (with the user's role) and
 * the token's scopes, as {@code SCOPE_read} etc. next to {@code ROLE_USER}. Being a type
 * of its own tells the authorisation rules that a token, not a password, stands behind
 * the request ({@link TokenScopeAuthorization}).
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

	private final DeepdockUser user;

	private final Set<TokenScope> scopes;

	ApiTokenAuthentication(DeepdockUser user, Set<TokenScope> scopes) {
		super(authorities(user, scopes));
		this.user = user;
		this.scopes = Set.copyOf(scopes);
		setAuthenticated(true);
	}

	Set<TokenScope> scopes() {
		return this.scopes;
	}

	boolean has(TokenScope scope) {
		return this.scopes.contains(scope);
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public DeepdockUser getPrincipal() {
		return this.user;
	}

	private static List<GrantedAuthority> authorities(DeepdockUser user, Set<TokenScope> scopes) {
		List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
		scopes.stream().sorted().forEach((scope) -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
		return authorities;
	}

}
