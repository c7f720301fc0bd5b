package io.deepdock.webapp.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts wrong passwords per user name and address, and per user name alone (an attacker
 * who spreads guesses over many addresses), within a window. A locked pair is refused
 * before the password is even checked ({@link LoginThrottleFilter}); the lock lifts when
 * the window since the first counted failure has passed, or at the next successful login.
 * The counters live in each replica's memory: with N replicas behind nginx a guesser gets
 * at most N times the limit.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	/** Failures since {@code since}. */
	record Failures(int count, Instant since) {
	}

	private final SecurityProperties.Throttle settings;

	private final Cache<String, Failures> byUserAndAddress;

	private final Cache<String, Failures> byUser;

	LoginThrottle(SecurityProperties properties) {
		this.settings = properties.throttle();
		this.byUserAndAddress = Caffeine.newBuilder()
			.expireAfterWrite(this.settings.window())
			.maximumSize(100_000)
			.build();
		this.byUser = Caffeine.newBuilder().expireAfterWrite(this.settings.window()).maximumSize(100_000).build();
	}

	/** How long {@code username} stays locked for {@code address}, if it is. */
	Optional<Duration> lockedFor(String username, String address) {
		Instant now = Instant.now();
		Optional<Duration> pair = remaining(this.byUserAndAddress.getIfPresent(key(username, address)),
				this.settings.maxFailures(), now);
		return pair.isPresent() ? pair
				: remaining(this.byUser.getIfPresent(key(username, null)), this.settings.maxFailuresPerUser(), now);
	}

	void failed(String username, String address) {
		Instant now = Instant.now();
		Failures pair = this.byUserAndAddress.asMap().merge(key(username, address), new Failures(1, now), this::add);
		this.byUser.asMap().merge(key(username, null), new Failures(1, now), this::add);
		if (pair.count() == this.settings.maxFailures()) {
			log.warn("Login for '{}' from {} locked for {} after {} wrong passwords", username, address,
					this.settings.window(), pair.count());
		}
	}

	void succeeded(String username, String address) {
		this.byUserAndAddress.invalidate(key(username, address));
		this.byUser.invalidate(key(username, null));
	}

	@EventListener
	void onFailure(AuthenticationFailureBadCredentialsEvent event) {
		failed(event.getAuthentication().getName(), address(event.getAuthentication()));
	}

	@EventListener
	void onSuccess(AuthenticationSuccessEvent event) {
		succeeded(event.getAuthentication().getName(), address(event.getAuthentication()));
	}

	private Failures add(Failures old, Failures one) {
		return new Failures(old.count() + 1, old.since());
	}

	private Optional<Duration> remaining(Failures failures, int limit, Instant now) {
		if (failures == null || failures.count() < limit) {
			return Optional.empty();
		}
		Duration left = Duration.between(now, failures.since().plus(this.settings.window()));
		return left.isNegative() ? Optional.empty() : Optional.of(left);
	}

	private static String address(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress()
				: "unknown";
	}

	private static String key(String username, String address) {
		String user = (username != null) ? username.toLowerCase(Locale.ROOT) : "";
		return (address != null) ? user + "\u0000" + address : user;
	}

}
