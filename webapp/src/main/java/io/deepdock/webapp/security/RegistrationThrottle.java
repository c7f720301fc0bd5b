package io.deepdock.webapp.security;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import io.deepdock.webapp.problems.ProblemException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts registrations per client address and in total over a sliding window
 * ({@link RegistrationThrottleProperties}), in PostgreSQL so that every web replica sees
 * the same counts. Every attempt that reaches the account store is counted, taken or not,
 * so that guessing user names costs the same. The count and the insert are serialised by
 * a transaction-scoped advisory lock (registrations are rare, so one lock is cheap), and
 * rows older than the window are deleted as it goes. Kept apart from the login throttle
 * on purpose: different limits, different keys.
 */
@Component
class RegistrationThrottle {

	/** Key of the advisory lock that serialises registrations. */
	private static final long LOCK = 0x5e_61_57_e5L;

	private final JdbcTemplate jdbc;

	private final RegistrationThrottleProperties properties;

	RegistrationThrottle(JdbcTemplate jdbc, RegistrationThrottleProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Counts one registration attempt from {@code client}.
	 * @throws ProblemException a 429 if it would go over a limit (then it is not counted)
	 */
	@Transactional
	public void acquire(String client) {
		String key = (client == null || client.isBlank()) ? "unknown"
				: (client.length() > 64) ? client.substring(0, 64) : client;
		this.jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", LOCK);
		Instant now = Instant.now();
		Timestamp since = Timestamp.from(now.minus(this.properties.window()));
		this.jdbc.update("DELETE FROM registration_attempt WHERE created_at < ?", since);
		// the oldest attempt in the window, only when the limit is reached: the wait ends
		// when it leaves the window
		for (Timestamp oldest : this.jdbc.queryForList(
				"SELECT min(created_at) FROM registration_attempt WHERE client = ? HAVING count(*) >= ?",
				Timestamp.class, key, this.properties.perClient())) {
			throw throttled("Too many accounts were registered from your address", oldest.toInstant(), now);
		}
		for (Timestamp oldest : this.jdbc.queryForList(
				"SELECT min(created_at) FROM registration_attempt HAVING count(*) >= ?", Timestamp.class,
				this.properties.total())) {
			throw throttled("Too many accounts are being registered right now", oldest.toInstant(), now);
		}
		this.jdbc.update("INSERT INTO registration_attempt (client, created_at) VALUES (?, ?)", key,
				Timestamp.from(now));
	}

	private ProblemException throttled(String what, Instant oldest, Instant now) {
		Duration retryAfter = Duration.between(now, oldest.plus(this.properties.window()));
		if (retryAfter.isNegative() || retryAfter.isZero()) {
			retryAfter = Duration.ofSeconds(1);
		}
		long minutes = Math.max(1, (retryAfter.toSeconds() + 59) / 60);
		return ProblemException.tooManyRequests("registration-throttled", "Too many registrations",
				what + " (at most " + this.properties.perClient() + " per address and " + this.properties.total()
						+ " in all every " + this.properties.window().toMinutes() + " minutes). Try again in " + minutes
						+ " minute" + ((minutes == 1) ? "" : "s") + ".",
				retryAfter);
	}

}
