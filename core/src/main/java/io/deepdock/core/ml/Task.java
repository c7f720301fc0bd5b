package io.deepdock.core.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The three things deepdock learns. A task fixes its labels, the shape of one input and
 * the metric that ranks two models of it (champion/challenger compares this one).
 */
public enum Task {

	/** Hand-written digits, 28x28 grey, ten exclusive classes. */
	DIGITS(Kind.IMAGE, Metric.ACCURACY, 28, 28, "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),

	/** Fashion-MNIST clothing photos, 28x28 grey, ten exclusive classes. */
	FASHION(Kind.IMAGE, Metric.ACCURACY, 28, 28, "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
			"Shirt", "Sneaker", "Bag", "Ankle boot"),

	/**
	 * Jigsaw toxic comments: free text, six independent labels (multi-label, sigmoid).
	 */
	TOXICITY(Kind.TEXT, Metric.MEAN_ROC_AUC, 0, 0, "toxic", "severe_toxic", "obscene", "threat", "insult",
			"identity_hate");

	/** What a task takes as input. */
	public enum Kind {

		/** One grey image of {@link #rows()} x {@link #cols()} pixels. */
		IMAGE,
		/** Free text. */
		TEXT

	}

	/** The metric that ranks models of a task; higher is better for both. */
	public enum Metric {

		ACCURACY, MEAN_ROC_AUC

	}

	private final Kind kind;

	private final Metric mainMetric;

	private final int rows;

	private final int cols;

	private final List<String> labels;

	Task(Kind kind, Metric mainMetric, int rows, int cols, String... labels) {
		this.kind = kind;
		this.mainMetric = mainMetric;
		this.rows = rows;
		this.cols = cols;
		this.labels = List.of(labels);
	}

	public Kind kind() {
		return this.kind;
	}

	public Metric mainMetric() {
		return this.mainMetric;
	}

	/** Image height in pixels; 0 for text. */
	public int rows() {
		return this.rows;
	}

	/** Image width in pixels; 0 for text. */
	public int cols() {
		return this.cols;
	}

	public List<String> labels() {
		return this.labels;
	}

	public int labelCount() {
		return this.labels.size();
	}

	/**
	 * True when several labels may hold at once (sigmoid outputs), false for one
	 * exclusive class (softmax).
	 */
	public boolean multiLabel() {
		return this == TOXICITY;
	}

	/** The lower-case name used in URLs, CLI arguments and file names. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The task for a lower-case id such as {@code digits}.
	 * @throws IllegalArgumentException naming the known tasks when the id is unknown
	 */
	public static Task fromId(String id) {
		for (Task task : values()) {
			if (task.id().equals(id)) {
				return task;
			}
		}
		throw new IllegalArgumentException(
				"unknown task '%s'; known tasks: %s".formatted(id, Arrays.stream(values()).map(Task::id).toList()));
	}

}
