package io.deepdock.core.jobs;

/**
 * A running job stopped because someone asked to cancel it; it ends CANCELLED, not
 * FAILED.
 */
public class JobCancelledException extends RuntimeException {

	public JobCancelledException(String reason) {
		super(reason);
	}

}
