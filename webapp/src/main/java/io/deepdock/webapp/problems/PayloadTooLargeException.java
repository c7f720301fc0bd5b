package io.deepdock.webapp.problems;

/** An upload over a limit: 413. */
public class PayloadTooLargeException extends RuntimeException {

	public PayloadTooLargeException(String message) {
		super(message);
	}

}
