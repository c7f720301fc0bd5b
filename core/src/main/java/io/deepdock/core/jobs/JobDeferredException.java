package io.deepdock.core.jobs;

import java.time.Duration;

/**
 * Thrown by a job that cannot start yet because it waits for something that will be ready
 * later (a training on a dataset still being imported). The job goes back to QUEUED,
 * without counting an attempt, and is dispatched again after {@link #delay()}: its worker
 * slot is freed for other work meanwhile.
 */
public class JobDeferredException extends RuntimeException {

	private final Duration delay;

	/**
	 * @param reason what the job waits for, in words (shown as its queue position's
	 * "waiting for")
	 */
	public JobDeferredException(String reason, Duration delay) {
		super(reason);
		this.delay = delay;
	}

	public Duration delay() {
		return this.delay;
	}

}
