package io.deepdock.webapp.limits;

import java.io.IOException;

/**
 * A request body that went over its route's limit while it was being read (a chunked
 * body, or one longer than its {@code Content-Length}). An {@link IOException}, so that
 * whoever reads the body (Jackson, a servlet) stops at once; the web layer finds it in
 * the cause chain and answers 413.
 */
public class RequestBodyTooLargeException extends IOException {

	private final long limit;

	RequestBodyTooLargeException(long limit) {
		super("The request body is over the limit of " + RequestBodyLimitFilter.readable(limit) + " for this route.");
		this.limit = limit;
	}

	public long limit() {
		return this.limit;
	}

	/** The exception in {@code ex}'s cause chain, or null. */
	public static RequestBodyTooLargeException in(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTooLargeException tooLarge) {
				return tooLarge;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
