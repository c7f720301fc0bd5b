package io.deepdock.webapp.pages;

import io.deepdock.core.jobs.Job;
import io.deepdock.core.contracts.JobState;

/**
 * A batch job in the Batch page's list.
 *
 * @param job the job
 * @param task its task
 * @param fileName the uploaded file's name as the user gave it (display text only)
 * @param items how many inputs it holds
 */
public record BatchRow(Job job, String task, String fileName, int items) {

	/** Whether its results CSV can be downloaded. */
	public boolean succeeded() {
		return this.job.getState() == JobState.SUCCEEDED;
	}

}
