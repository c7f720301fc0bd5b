package io.deepdock.webapp.problems;

/**
 * Something that existed was removed on purpose (an expired results file): 410 Gone, so
 * that clients stop asking for it.
 */
public class GoneException extends RuntimeException {

	private final String type;

	private final String title;

	public GoneException(String type, String title, String message) {
		super(message);
		this.type = type;
		this.title = title;
	}

	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

}
