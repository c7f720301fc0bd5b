package io.deepdock.core.contracts;

/**
 * Where a job is in its life. Every accepted job ends SUCCEEDED, FAILED (with a reason)
 * or CANCELLED.
 */
public enum JobState {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
