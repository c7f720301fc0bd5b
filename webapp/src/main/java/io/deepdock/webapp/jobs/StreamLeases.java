package io.deepdock.webapp.jobs;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The open job streams of every web replica, one row each in PostgreSQL
 * ({@code event_stream}), so that a user's cap counts the streams they hold on all
 * replicas, not on one. Each row has a lease that its replica renews with every
 * keep-alive ({@link JobEventRelay#keepAlive}); a replica deletes a row when its stream
 * ends, and the rows of a replica that was killed stop counting once their lease has run
 * out. A claim takes a per-user advisory lock, so two replicas cannot both give away the
 * last slot.
 */
@Component
class StreamLeases {

	/** First key of the per-user advisory lock (the second is the user id). */
	private static final int LOCK_SPACE = 0x5e_e5_77;

	/** This process: its rows are the ones it renews, and deletes when it stops. */
	private final UUID instance = UUID.randomUUID();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Duration lease;

	StreamLeases(JdbcTemplate jdbc, PlatformTransactionManager transactions, JobEventsProperties properties) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.lease = properties.lease();
	}

	/**
	 * Takes a slot for a stream of {@code jobId} by {@code userId}.
	 * @return the stream's id
	 * @throws TooManyStreamsException if the user already holds {@code max} live streams
	 */
	UUID claim(long userId, long jobId, int max) {
		return this.transactions.execute((status) -> {
			this.jdbc.queryForList("SELECT pg_advisory_xact_lock(?, ?)", LOCK_SPACE, (int) userId);
			Instant now = Instant.now();
			this.jdbc.update("DELETE FROM event_stream WHERE owner_id = ? AND expires_at < ?", userId,
					Timestamp.from(now));
			Integer open = this.jdbc.queryForObject("SELECT count(*) FROM event_stream WHERE owner_id = ?",
					Integer.class, userId);
			if (open != null && open >= max) {
				throw new TooManyStreamsException(open);
			}
			UUID id = UUID.randomUUID();
			this.jdbc.update(
					"INSERT INTO event_stream (id, owner_id, job_id, instance, expires_at) VALUES (?, ?, ?, ?, ?)", id,
					userId, jobId, this.instance, Timestamp.from(now.plus(this.lease)));
			return id;
		});
	}

	/** The stream ended: its slot is free. */
	void release(UUID id) {
		this.jdbc.update("DELETE FROM event_stream WHERE id = ?", id);
	}

	/**
	 * This replica's streams are still open: their leases start again; and the rows whose
	 * lease ran out (a killed replica's) are removed.
	 */
	void renew(Collection<UUID> ids) {
		Instant now = Instant.now();
		if (!ids.isEmpty()) {
			// as text[]: the driver binds a String[] as an array, then PostgreSQL casts
			// it
			this.jdbc.update("UPDATE event_stream SET expires_at = ? WHERE id = ANY(?::uuid[])",
					Timestamp.from(now.plus(this.lease)), ids.stream().map(UUID::toString).toArray(String[]::new));
		}
		this.jdbc.update("DELETE FROM event_stream WHERE expires_at < ?", Timestamp.from(now));
	}

	/** This replica stops: none of its streams stays open. */
	void releaseAll() {
		this.jdbc.update("DELETE FROM event_stream WHERE instance = ?", this.instance);
	}

	/** The live streams a user holds on every replica. */
	int open(long userId) {
		Integer open = this.jdbc.queryForObject(
				"SELECT count(*) FROM event_stream WHERE owner_id = ? AND expires_at >= now()", Integer.class, userId);
		return (open != null) ? open : 0;
	}

}
