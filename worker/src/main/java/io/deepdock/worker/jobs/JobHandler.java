package io.deepdock.worker.jobs;

import io.deepdock.core.jobs.Job;

/** Runs one kind of job on a worker. */
public interface JobHandler {

	/**
	 * Runs the job.
	 * @return the result as JSON, stored on the job row
	 * @throws JobFailedException when the job cannot succeed, with a reason for the user
	 * (not retried)
	 * @throws Exception any other error, treated as possibly transient: retried, then
	 * dead-lettered
	 */
	String run(Job job) throws Exception;

}
