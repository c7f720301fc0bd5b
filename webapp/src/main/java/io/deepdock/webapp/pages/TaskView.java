package io.deepdock.webapp.pages;

import java.util.List;
import java.util.Locale;

import io.deepdock.core.ml.Task;

/**
 * A task as the pages show it: its id, its labels, and whether it takes text.
 *
 * @param id the task's id in the API ({@code digits})
 * @param labels its labels, in the model's order
 * @param text whether it takes text rather than an image
 */
public record TaskView(String id, List<String> labels, boolean text) {

	static TaskView of(Task task) {
		return new TaskView(task.name().toLowerCase(Locale.ROOT), task.labels(), task.kind() == Task.Kind.TEXT);
	}

	/** The labels for a {@code data-labels} attribute (none holds a '|'). */
	public String joinedLabels() {
		return String.join("|", this.labels);
	}

}
