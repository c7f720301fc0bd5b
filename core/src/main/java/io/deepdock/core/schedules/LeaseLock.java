package io.deepdock.core.schedules;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Named leases in PostgreSQL ({@code scheduler_lock}): one statement takes a lease if it
 * is free, expired or already ours, so two scheduler replicas can never both hold it. A
 * holder that dies loses it when the lease expires; a live holder renews it.
 */
@Component
public class LeaseLock {

	private final JdbcTemplate jdbc;

	LeaseLock(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes or renews the lease {@code name} for {@code holder}.
	 * @return whether {@code holder} now holds it
	 */
	public boolean tryAcquire(String name, String holder, Duration lease) {
		// the database's clock, not each replica's: replicas may disagree on the time
		int rows = this.jdbc.update("""
				INSERT INTO scheduler_lock (name, locked_until, locked_at, locked_by)
				VALUES (?, now() + ? * interval '1 millisecond', now(), ?)
				ON CONFLICT (name) DO UPDATE
				   SET locked_until = EXCLUDED.locked_until, locked_at = EXCLUDED.locked_at,
				       locked_by = EXCLUDED.locked_by
				 WHERE scheduler_lock.locked_until < now() OR scheduler_lock.locked_by = EXCLUDED.locked_by
				""", name, lease.toMillis(), holder);
		return rows == 1;
	}

	/** Gives the lease up, if {@code holder} holds it. */
	public void release(String name, String holder) {
		this.jdbc.update("DELETE FROM scheduler_lock WHERE name = ? AND locked_by = ?", name, holder);
	}

	/** Who holds the lease now, or {@code null}. */
	public String holder(String name) {
		return this.jdbc
			.query("SELECT locked_by FROM scheduler_lock WHERE name = ? AND locked_until > now()",
					(rs, i) -> rs.getString(1), name)
			.stream()
			.findFirst()
			.orElse(null);
	}

}
