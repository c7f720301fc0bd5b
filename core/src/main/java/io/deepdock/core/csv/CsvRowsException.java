package io.deepdock.core.csv;

import java.io.IOException;

/**
 * Why {@link CsvRows} refused a CSV, and on which line: each caller words it for its own
 * users.
 */
public final class CsvRowsException extends IOException {

	/** What is wrong. */
	public enum Problem {

		/** A record is longer than the limit (often: a quote never closed). */
		TOO_LONG,
		/** The file ends inside a quoted field. */
		QUOTE_NEVER_CLOSED,
		/** The bytes are not text in the expected encoding. */
		NOT_DECODABLE,
		/** Anything else the parser refuses. */
		MALFORMED

	}

	private final Problem problem;

	private final long line;

	private final boolean unfinished;

	CsvRowsException(Problem problem, long line, boolean unfinished, Throwable cause) {
		super(problem + " at line " + line, cause);
		this.problem = problem;
		this.line = line;
		this.unfinished = unfinished;
	}

	public Problem problem() {
		return this.problem;
	}

	/**
	 * The line where the refused record starts (for a decoding error: where it was met).
	 */
	public long line() {
		return this.line;
	}

	/**
	 * Whether the record was still open when the limit was reached (likely a quote that
	 * never closes), rather than a whole record found too long.
	 */
	public boolean unfinished() {
		return this.unfinished;
	}

}
