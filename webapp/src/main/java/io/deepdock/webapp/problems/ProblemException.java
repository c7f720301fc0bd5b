package io.deepdock.webapp.problems;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/**
 * A request deepdock refuses, as the problem detail it answers: status, stable type (the
 * last segment of {@code https://deepdock.io/problems/...}), title and a readable detail,
 * and for a 429 when to try again ({@code Retry-After} and {@code retryAfterSeconds}).
 * One class for every such refusal, so that a new one is a factory call, not a new
 * exception and handler; {@link ApiExceptionHandler} turns it into the answer.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final Duration retryAfter;

	public ProblemException(HttpStatus status, String type, String title, String detail) {
		this(status, type, title, detail, null);
	}

	private ProblemException(HttpStatus status, String type, String title, String detail, Duration retryAfter) {
		super(detail);
		this.status = status;
		this.type = type;
		this.title = title;
		this.retryAfter = retryAfter;
	}

	/** A request that cannot be served as asked: 400. */
	public static ProblemException badRequest(String type, String title, String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, type, title, detail);
	}

	/**
	 * The caller may not do this, whoever they are (e.g. registration is closed): 403.
	 */
	public static ProblemException forbidden(String type, String title, String detail) {
		return new ProblemException(HttpStatus.FORBIDDEN, type, title, detail);
	}

	/**
	 * Something the request names does not exist (or is not the caller's to see): 404.
	 */
	public static ProblemException notFound(String detail) {
		return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
	}

	/**
	 * The request conflicts with the current state of what it names (e.g. cancelling a
	 * finished job): 409.
	 */
	public static ProblemException conflict(String detail) {
		return new ProblemException(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
	}

	/**
	 * Something that existed was removed on purpose (an expired results file): 410 Gone,
	 * so that clients stop asking for it.
	 */
	public static ProblemException gone(String type, String title, String detail) {
		return new ProblemException(HttpStatus.GONE, type, title, detail);
	}

	/** An upload over a limit: 413. */
	public static ProblemException tooLarge(String detail) {
		return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Too large", detail);
	}

	/** A client went over a rate limit: 429 with {@code Retry-After}. */
	public static ProblemException tooManyRequests(String type, String title, String detail, Duration retryAfter) {
		return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, type, title, detail, retryAfter);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	/** When to try again, for a 429; else null. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
