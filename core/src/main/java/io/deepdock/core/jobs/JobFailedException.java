package io.deepdock.core.jobs;

/**
 * A job that cannot succeed, with a reason the user can read and act on (a missing
 * source, a corrupt file). It is not retried: the job ends FAILED with this message.
 */
public class JobFailedException extends RuntimeException {

	public JobFailedException(String reason) {
		super(reason);
	}

	public JobFailedException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
