package io.deepdock.webapp.security;

import java.util.EnumSet;
import java.util.Set;

import io.deepdock.core.users.Role;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import static org.assertj.core.api.Assertions.assertThat;

class TokenScopeAuthorizationTest {

	static final DeepdockUser USER = new DeepdockUser(1, "alice", null, Role.USER, true);

	static final DeepdockUser ADMIN = new DeepdockUser(2, "admin", null, Role.ADMIN, true);

	static final RequestAuthorizationContext CONTEXT = new RequestAuthorizationContext(new MockHttpServletRequest());

	static AuthorizationResult decide(TokenScopeAuthorization rule, Authentication authentication) {
		return rule.authorize(() -> authentication, CONTEXT);
	}

	static Authentication password(DeepdockUser user) {
		return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
	}

	static Authentication token(DeepdockUser user, TokenScope... scopes) {
		return new ApiTokenAuthentication(user, (scopes.length == 0) ? Set.of() : EnumSet.of(scopes[0], scopes));
	}

	@Test
	void aPasswordNeedsNoScopeAndATokenNeedsTheRoutesScope() {
		TokenScopeAuthorization train = TokenScopeAuthorization.authenticated(TokenScope.TRAIN);
		assertThat(decide(train, password(USER)).isGranted()).isTrue();
		assertThat(decide(train, token(USER, TokenScope.TRAIN)).isGranted()).isTrue();
		AuthorizationResult refused = decide(train, token(USER, TokenScope.READ, TokenScope.PREDICT));
		assertThat(refused.isGranted()).isFalse();
		assertThat(refused).isInstanceOfSatisfying(TokenScopeAuthorization.MissingScope.class,
				(missing) -> assertThat(missing.detail()).contains("'train'"));
	}

	@Test
	void aScopeNeverLiftsTheRoutesRule() {
		TokenScopeAuthorization admin = TokenScopeAuthorization.scoped(TokenScope.ADMIN,
				AuthorityAuthorizationManager.hasRole("ADMIN"));
		// a user's token that somehow had the admin scope is still a user
		AuthorizationResult user = decide(admin, token(USER, TokenScope.ADMIN));
		assertThat(user.isGranted()).isFalse();
		assertThat(user).isNotInstanceOf(TokenScopeAuthorization.MissingScope.class);
		assertThat(decide(admin, token(ADMIN, TokenScope.ADMIN)).isGranted()).isTrue();
		assertThat(decide(admin, token(ADMIN, TokenScope.READ, TokenScope.PREDICT, TokenScope.TRAIN)).isGranted())
			.isFalse();
		assertThat(decide(TokenScopeAuthorization.authenticated(TokenScope.READ), new AnonymousAuthenticationToken("k",
				"anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")))
			.isGranted()).isFalse();
	}

	@Test
	void whatNoScopeCoversIsClosedToEveryToken() {
		TokenScopeAuthorization passwordOnly = TokenScopeAuthorization.passwordOnly();
		assertThat(decide(passwordOnly, password(USER)).isGranted()).isTrue();
		assertThat(decide(passwordOnly, token(ADMIN, TokenScope.values())).isGranted()).isFalse();
	}

}
