package io.deepdock.launcher.cli;

/**
 * The command line is wrong: the message says what, and the usage follows it.
 */
public class UsageException extends RuntimeException {

	public UsageException(String message) {
		super(message);
	}

}
