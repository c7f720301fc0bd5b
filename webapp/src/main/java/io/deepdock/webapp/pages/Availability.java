package io.deepdock.webapp.pages;

import io.deepdock.core.models.ModelVersion;

/**
 * Whether a task can be asked now, for the Predict page to say before any drawing: the
 * version serving it, or what to do to get one.
 *
 * @param task the task
 * @param serving its ACTIVE version, or null
 * @param trainingJob a training of it that is queued or running, or null
 * @param builtin whether the platform has a built-in dataset for it (toxicity has none)
 */
public record Availability(TaskView task, ModelVersion serving, Long trainingJob, boolean builtin) {

	public boolean available() {
		return this.serving != null;
	}

}
