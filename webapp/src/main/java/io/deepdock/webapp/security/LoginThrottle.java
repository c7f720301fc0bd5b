package io.deepdock.webapp.security;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts wrong passwords in PostgreSQL (table {@code login_throttle}), so that every web
 * replica sees the same counts, under two keys:
 * <ul>
 * <li>the client's address and the user name together: {@code maxFailures} wrong
 * passwords lock that name for that client only;</li>
 * <li>the client's address alone: {@code maxFailuresPerClient} wrong passwords, for any
 * names, lock the client out of every account (a guesser who sprays names).</li>
 * </ul>
 * There is deliberately no count per user name alone: it would let anyone lock anyone
 * out, the admin included, from wherever they are. A client that is not locked always
 * gets in with the right password. A lock lifts {@code window} after the first failure it
 * counted; a successful login clears the count for that client and name (not the client's
 * own count: logging in to one's own account does not buy more guesses at others).
 *
 * <p>
 * A small table of our own, not Bucket4j's PostgreSQL buckets: its JDBC back end has no
 * read-only look at a bucket, so checking one (on every request that carries HTTP Basic
 * credentials, before the password is checked) would insert a row for every client and
 * update it under a row lock, where a failure counter only needs one indexed read. The
 * windows run on PostgreSQL's clock, so replicas with skewed clocks agree.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	private final SecurityProperties.Throttle settings;

	private final JdbcTemplate jdbc;

	LoginThrottle(SecurityProperties properties, JdbcTemplate jdbc) {
		this.settings = properties.throttle();
		this.jdbc = jdbc;
	}

	/**
	 * How long {@code username} stays locked for the client at {@code address}, if it is.
	 */
	Optional<Duration> lockedFor(String username, String address) {
		String pair = pairKey(username, address);
		String client = clientKey(address);
		List<Long> locked = this.jdbc.queryForList("""
				SELECT ceil(extract(epoch FROM window_end - now()) * 1000)::bigint FROM login_throttle
				WHERE window_end > now()
				  AND ((key = ? AND failures >= ?) OR (key = ? AND failures >= ?))
				""", Long.class, pair, this.settings.maxFailures(), client, this.settings.maxFailuresPerClient());
		return locked.stream().max(Long::compare).map(Duration::ofMillis);
	}

	void failed(String username, String address) {
		int pair = count(pairKey(username, address));
		int client = count(clientKey(address));
		if (pair == this.settings.maxFailures()) {
			log.warn("Login for '{}' from {} locked for {} after {} wrong passwords", abbreviate(username), address,
					this.settings.window(), pair);
		}
		if (client == this.settings.maxFailuresPerClient()) {
			log.warn("Logins from {} locked for {} after {} wrong passwords", address, this.settings.window(), client);
		}
		// ended windows are forgotten a few at a time, by whoever fails next
		this.jdbc.update("""
				DELETE FROM login_throttle WHERE key IN
				    (SELECT key FROM login_throttle WHERE window_end < now() LIMIT 100 FOR UPDATE SKIP LOCKED)
				""");
	}

	void succeeded(String username, String address) {
		this.jdbc.update("DELETE FROM login_throttle WHERE key = ?", pairKey(username, address));
	}

	@EventListener
	void onFailure(AuthenticationFailureBadCredentialsEvent event) {
		failed(event.getAuthentication().getName(), address(event.getAuthentication()));
	}

	@EventListener
	void onSuccess(AuthenticationSuccessEvent event) {
		if (event.getAuthentication() instanceof ApiTokenAuthentication) {
			return;
		}
		succeeded(event.getAuthentication().getName(), address(event.getAuthentication()));
	}

	/** One more failure under {@code key}, in its window or in a new one; the count. */
	private int count(String key) {
		return this.jdbc.queryForObject(
				"""
						INSERT INTO login_throttle (key, failures, window_end) VALUES (?, 1, now() + ? * interval '1 millisecond')
						ON CONFLICT (key) DO UPDATE SET
						    failures = CASE WHEN login_throttle.window_end <= now() THEN 1 ELSE login_throttle.failures + 1 END,
						    window_end = CASE WHEN login_throttle.window_end <= now() THEN excluded.window_end
						                      ELSE login_throttle.window_end END
						RETURNING failures
						""",
				Integer.class, key, this.settings.window().toMillis());
	}

	private static String address(Authentication authentication) {
		return (authentication.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress()
				: "unknown";
	}

	/**
	 * Keys are SHA-256 hashes: a name from an HTTP Basic header (or an address from a
	 * forwarded header) can be long, or hold a NUL that PostgreSQL refuses in text.
	 */
	private static String clientKey(String address) {
		return ApiTokens.sha256("client\u0000" + address);
	}

	private static String pairKey(String username, String address) {
		String user = (username != null) ? username.toLowerCase(Locale.ROOT) : "";
		return ApiTokens.sha256("account\u0000" + address + "\u0000" + user);
	}

	private static String abbreviate(String username) {
		String name = (username != null) ? username : "";
		name = name.replaceAll("\\p{Cntrl}", "?");
		return (name.length() > 64) ? name.substring(0, 64) + "..." : name;
	}

}
