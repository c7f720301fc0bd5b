package io.deepdock.core.ml.inference;

import java.util.List;
import java.util.Map;

/**
 * One prediction.
 *
 * @param label the most probable label
 * @param labels the labels predicted: {@code [label]} for single-label tasks; every label
 * with probability at least 0.5 for multi-label tasks (may be empty)
 * @param probabilities probability per label, in the task's label order
 */
public record Classification(String label, List<String> labels, Map<String, Double> probabilities) {

	public Classification {
		labels = List.copyOf(labels);
		probabilities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probabilities));
	}

}
