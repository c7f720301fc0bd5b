package io.deepdock.webapp.problems;

/**
 * A request that cannot be served as asked, with a stable problem type and a readable
 * detail: 400.
 */
public class BadRequestException extends RuntimeException {

	private final String type;

	private final String title;

	public BadRequestException(String type, String title, String detail) {
		super(detail);
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
