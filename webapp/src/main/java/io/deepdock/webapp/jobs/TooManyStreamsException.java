package io.deepdock.webapp.jobs;

/**
 * A user who already holds the most job event streams allowed asks for one more: 429.
 */
public class TooManyStreamsException extends RuntimeException {

	TooManyStreamsException(int open) {
		super("You already have " + open + " live job streams open, the most allowed at once. "
				+ "Close one (a browser tab that follows a job) and try again.");
	}

}
