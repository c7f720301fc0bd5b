package io.deepdock.worker.jobs;

import java.io.IOException;
import java.util.Set;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.contracts.JobType;

/** What a worker can run: the job types it takes, and how it runs one. */
public interface WorkerJob {

	Set<JobType> types();

	/**
	 * Runs the job to its end.
	 * @return the result as JSON
	 */
	String run(Job job) throws IOException;

}
