package io.deepdock.launcher;

/**
 * A failure that the user can act on: its message is printed as it is, without a stack
 * trace.
 */
public class DeepdockException extends RuntimeException {

	public DeepdockException(String message) {
		super(message);
	}

	public DeepdockException(String message, Throwable cause) {
		super(message, cause);
	}

}
