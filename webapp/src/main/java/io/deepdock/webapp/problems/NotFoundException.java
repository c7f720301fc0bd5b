package io.deepdock.webapp.problems;

/** Something the request names does not exist (or is not the caller's to see): 404. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
