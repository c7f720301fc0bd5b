package io.deepdock.core.ml.networks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.deepdock.core.ml.Task;

/**
 * The network variants a task can be trained with; see docs/models.md for why each one
 * looks as it does.
 */
public enum Architecture {

	/**
	 * One hidden dense layer: seconds per epoch, for tests and smoke runs (~97 % digits,
	 * ~88 % fashion).
	 */
	SMALL(Task.Kind.IMAGE),

	/**
	 * The classic LeNet-5 shape, kept as the benchmark reference (also the PyTorch peer's
	 * network).
	 */
	LENET(Task.Kind.IMAGE),

	/**
	 * Conv-BN-ReLU blocks, max pooling, dropout: the production network for digits and
	 * fashion.
	 */
	STANDARD(Task.Kind.IMAGE),

	/**
	 * Bag of uni- and bi-grams from a vocabulary, one dense hidden layer, one sigmoid per
	 * label.
	 */
	BOW(Task.Kind.TEXT);

	private final Task.Kind kind;

	Architecture(Task.Kind kind) {
		this.kind = kind;
	}

	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean supports(Task task) {
		return task.kind() == this.kind;
	}

	/**
	 * Lower-case ids valid for a task, e.g. {@code [small, lenet, standard]} for digits.
	 */
	public static List<String> idsFor(Task task) {
		return Arrays.stream(values()).filter(a -> a.supports(task)).map(Architecture::id).toList();
	}

	public static Architecture fromId(String id) {
		for (Architecture architecture : values()) {
			if (architecture.id().equals(id)) {
				return architecture;
			}
		}
		throw new IllegalArgumentException("unknown architecture '%s'; known: %s".formatted(id,
				Arrays.stream(values()).map(Architecture::id).toList()));
	}

}
