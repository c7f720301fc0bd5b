package io.deepdock.webapp.problems;

/** The caller may not do this, whoever they are (e.g. registration is closed): 403. */
public class ForbiddenException extends RuntimeException {

	private final String type;

	private final String title;

	public ForbiddenException(String type, String title, String detail) {
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
