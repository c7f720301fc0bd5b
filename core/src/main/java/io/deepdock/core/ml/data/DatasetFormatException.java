package io.deepdock.core.ml.data;

import java.io.IOException;

/**
 * A dataset file or source whose content is not what it claims to be (corrupt, truncated,
 * wrong shape).
 */
public class DatasetFormatException extends IOException {

	public DatasetFormatException(String message) {
		super(message);
	}

}
