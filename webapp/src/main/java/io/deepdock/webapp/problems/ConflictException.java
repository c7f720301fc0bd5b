package io.deepdock.webapp.problems;

/**
 * The request conflicts with the current state of what it names (e.g. cancelling a
 * finished job): 409.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
