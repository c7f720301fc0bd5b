package io.deepdock.core.ml.serving;

/**
 * No model is loaded for this task yet (none trained or promoted): 503 with a problem
 * detail, not 500.
 */
public class NoModelException extends RuntimeException {

	public NoModelException(String engine) {
		super(engine + ": no model is loaded yet; it becomes available once a version is trained and promoted");
	}

}
