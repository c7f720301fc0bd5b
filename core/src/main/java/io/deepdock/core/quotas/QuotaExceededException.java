package io.deepdock.core.quotas;

/**
 * A user's request would go over one of their quotas; nothing of it was kept. The web app
 * answers it with a {@code quota-exceeded} problem detail that names the limit, the usage
 * and what to do.
 */
public class QuotaExceededException extends RuntimeException {

	/** Which quota. */
	public enum Kind {

		/** Bytes of media held. */
		STORAGE,
		/** Jobs QUEUED or RUNNING at once. */
		ACTIVE_JOBS,
		/** Jobs submitted in the last 24 hours. */
		DAILY_JOBS

	}

	private final Kind kind;

	private final long limit;

	private final long usage;

	private final long requested;

	public QuotaExceededException(Kind kind, long limit, long usage, long requested, String message) {
		super(message);
		this.kind = kind;
		this.limit = limit;
		this.usage = usage;
		this.requested = requested;
	}

	public Kind kind() {
		return this.kind;
	}

	/** The limit, in bytes or jobs. */
	public long limit() {
		return this.limit;
	}

	/** What the user holds or runs now, in the same unit. */
	public long usage() {
		return this.usage;
	}

	/** What the refused request would have added. */
	public long requested() {
		return this.requested;
	}

}
