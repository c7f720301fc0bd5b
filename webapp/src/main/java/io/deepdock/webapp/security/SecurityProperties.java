package io.deepdock.webapp.security;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts and their protection.
 *
 * @param registrationOpen whether anyone may create an account
 * ({@code POST /api/v1/auth/register}); closed, only existing accounts log in
 * @param admin the first admin, created (or its password reset) at start; none when no
 * password is configured
 * @param throttle login throttling, shared by every replica (PostgreSQL): after
 * {@code maxFailures} wrong passwords for one user name from one client address, or
 * {@code maxFailuresPerClient} for any names from one client address, within
 * {@code window}, that client's logins (for that name, or for all) answer 429 until the
 * window has passed. Never per user name alone: no one can lock another out.
 * @param credentialCache how long a verified HTTP Basic password is remembered, so that
 * an API client does not pay a bcrypt verification on every request
 */
@ConfigurationProperties("deepdock.security")
@Validated
public record SecurityProperties(@DefaultValue("true") boolean registrationOpen, @Valid @DefaultValue Admin admin,
		@Valid @DefaultValue Throttle throttle, @NotNull @DefaultValue("5m") Duration credentialCache) {

	public record Admin(@DefaultValue("admin") String username, String password) {

		boolean configured() {
			return this.password != null && !this.password.isBlank();
		}

	}

	public record Throttle(@Min(1) @Max(1000) @DefaultValue("5") int maxFailures,
			@Min(1) @Max(10000) @DefaultValue("50") int maxFailuresPerClient,
			@NotNull @DefaultValue("15m") Duration window) {

		@AssertTrue(message = "max-failures-per-client must be at least max-failures")
		boolean isClientBudgetAtLeastTheAccountBudget() {
			return this.maxFailuresPerClient >= this.maxFailures;
		}

	}

}
