package io.deepdock.webapp.problems;

import java.time.Duration;

/** A client went over a rate limit: 429 with {@code Retry-After}. */
public class TooManyRequestsException extends RuntimeException {

	private final String type;

	private final String title;

	private final Duration retryAfter;

	public TooManyRequestsException(String type, String title, String message, Duration retryAfter) {
		super(message);
		this.type = type;
		this.title = title;
		this.retryAfter = retryAfter;
	}

	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
