package io.deepdock.core.datasets;

import java.io.IOException;

/** A dataset source that is not there; the message says how to get it. */
public class DatasetSourceException extends IOException {

	public DatasetSourceException(String message) {
		super(message);
	}

}
