package io.deepdock.core.ml.inference;

import java.util.List;

/** What the batching engine needs of a model: one forward pass for many feature rows. */
public interface BatchPredictor extends AutoCloseable {

	/** Features per row. */
	int featureSize();

	/** Identifies the model version (the artifact's SHA-256). */
	String sha256();

	/** Predictions for all rows, in order. */
	List<Classification> predictRows(List<float[]> rows);

	/** Frees the model; called once, when nothing uses it any more. */
	@Override
	void close();

}
