package io.deepdock.webapp.security;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.deepdock.core.users.Role;
import io.deepdock.webapp.paging.Paged;
import io.deepdock.webapp.paging.Pages;
import io.deepdock.webapp.problems.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration, who the caller is, and the caller's personal API tokens. */
@RestController
@RequestMapping("/api/v1/auth")
class AccountController {

	/** Body of {@code POST /api/v1/auth/register}. */
	record RegisterRequest(@NotNull(message = "choose a user name") @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{2,63}",
			message = "3 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit") String username,
			@NotNull(message = "choose a password") @Size(min = Accounts.MIN_PASSWORD,
					message = "at least 10 characters") @Utf8Bytes(max = Accounts.MAX_PASSWORD_BYTES,
							message = "at most 72 bytes in UTF-8, which bcrypt reads (72 ASCII characters, "
									+ "fewer accented or non-Latin ones)") String password) {
	}

	/** An account as the API shows it (never its hash). */
	record AccountView(long id, String username, String role) {

		static AccountView of(DeepdockUser user) {
			return new AccountView(user.id(), user.getUsername(), user.role().name());
		}

	}

	private final Accounts accounts;

	private final SecurityProperties properties;

	private final ApiTokens tokens;

	private final RegistrationThrottle registrations;

	AccountController(Accounts accounts, SecurityProperties properties, ApiTokens tokens,
			RegistrationThrottle registrations) {
		this.registrations = registrations;
		this.accounts = accounts;
		this.properties = properties;
		this.tokens = tokens;
	}

	/** Creates a USER account. Closed ({@code 403}) when registration is off. */
	@PostMapping("/register")
	ResponseEntity<AccountView> register(@Valid @RequestBody RegisterRequest request,
			jakarta.servlet.http.HttpServletRequest http) {
		if (!this.properties.registrationOpen()) {
			throw ProblemException.forbidden("registration-closed", "Registration is closed",
					"This deepdock does not take new accounts; ask an admin.");
		}
		// 429 with Retry-After beyond the limits (RegistrationThrottleProperties)
		this.registrations.acquire(http.getRemoteAddr());
		try {
			DeepdockUser user = this.accounts.register(request.username(), request.password(), Role.USER);
			return ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/api/v1/auth/me"))
				.body(AccountView.of(user));
		}
		catch (Accounts.UsernameTakenException ex) {
			throw ProblemException.conflict(ex.getMessage());
		}
	}

	/**
	 * Body of {@code POST /api/v1/auth/tokens}: a name and the scopes (read, predict,
	 * train, admin); none named: read and predict.
	 */
	record TokenRequest(
			@NotNull(message = "name the token") @Size(min = 1, max = 100, message = "1 to 100 characters") String name,
			@Size(max = 10, message = "at most 10 scopes") List<String> scopes) {
	}

	/**
	 * Makes a personal API token for the caller; its secret is in this answer only.
	 */
	@PostMapping("/tokens")
	ResponseEntity<ApiTokens.NewToken> createToken(@Valid @RequestBody TokenRequest request,
			@AuthenticationPrincipal DeepdockUser caller) {
		Set<TokenScope> scopes = scopes(request.scopes(), caller);
		return ResponseEntity.status(HttpStatus.CREATED).body(this.tokens.create(caller.id(), request.name(), scopes));
	}

	/**
	 * The scopes asked for: each one known, and {@code admin} only for an admin (a token
	 * never does more than its user may).
	 */
	static Set<TokenScope> scopes(List<String> names, DeepdockUser caller) {
		if (names == null) {
			return TokenScope.DEFAULT;
		}
		Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
		for (String name : names) {
			TokenScope scope = TokenScope.of(name)
				.orElseThrow(() -> ProblemException.badRequest("unknown-scope", "Unknown token scope",
						"A token's scopes are some of: " + TokenScope.names() + "."));
			if (scope == TokenScope.ADMIN && !caller.isAdmin()) {
				throw ProblemException.badRequest("unknown-scope", "Unknown token scope",
						"The scope 'admin' is only for an admin's token.");
			}
			scopes.add(scope);
		}
		if (scopes.isEmpty()) {
			throw ProblemException.badRequest("unknown-scope", "Unknown token scope",
					"Name at least one scope (" + TokenScope.names() + "), or none to get read and predict.");
		}
		return scopes;
	}

	/** The caller's tokens (never their secrets), oldest first, paged like every list. */
	@GetMapping("/tokens")
	PagedModel<ApiTokens.TokenView> tokens(
			@ParameterObject @Paged(sortable = { "id", "name", "createdAt" }, sort = "id,asc") Pageable pageable,
			@AuthenticationPrincipal DeepdockUser caller) {
		return Pages.of(this.tokens.list(caller.id()), pageable, Map.of("id", ApiTokens.TokenView::id, "name",
				ApiTokens.TokenView::name, "createdAt", ApiTokens.TokenView::createdAt));
	}

	/** Deletes one of the caller's tokens; another user's is "not found". */
	@DeleteMapping("/tokens/{id}")
	ResponseEntity<Void> deleteToken(@PathVariable long id, @AuthenticationPrincipal DeepdockUser caller) {
		if (!this.tokens.delete(caller.id(), id)) {
			throw ProblemException.notFound("There is no token " + id + ".");
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/me")
	AccountView me(@AuthenticationPrincipal DeepdockUser caller) {
		return AccountView.of(caller);
	}

}
