package io.deepdock.core.jobs;

/**
 * The worker is stopping: the running job goes back to the queue (it resumes from its
 * last checkpoint on the next worker), neither failed nor cancelled.
 */
public class JobHandedBackException extends RuntimeException {

	public JobHandedBackException(String reason) {
		super(reason);
	}

}
