package io.deepdock.webapp.security;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registration throttling, so that no one can create accounts by the thousand (and with
 * them, each account's quotas): at most {@code perClient} registrations from one client
 * address and {@code total} from everyone within {@code window}; beyond, 429 with
 * {@code Retry-After}. Counted in PostgreSQL, so the limits hold across web replicas.
 */
@ConfigurationProperties("deepdock.registration")
@Validated
public record RegistrationThrottleProperties(@Min(1) @Max(100000) @DefaultValue("10") int perClient,
		@Min(1) @Max(1000000) @DefaultValue("200") int total, @NotNull @DefaultValue("1h") Duration window) {

	public RegistrationThrottleProperties {
		if (window != null && (window.isNegative() || window.isZero())) {
			throw new IllegalArgumentException("deepdock.registration.window must be positive, not " + window);
		}
	}

}
