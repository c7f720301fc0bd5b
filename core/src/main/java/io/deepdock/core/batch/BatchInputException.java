package io.deepdock.core.batch;

/**
 * A batch input that cannot be processed at all (as opposed to one bad item, which
 * becomes an error row): not a zip or a CSV, unsafe names, over a limit, a zip bomb, bad
 * encoding. The web app answers it with a problem detail whose status follows
 * {@link #kind()}; the worker fails the job with the message.
 */
public class BatchInputException extends RuntimeException {

	/** What is wrong, which decides the HTTP status. */
	public enum Kind {

		/** Not the kind of file the task takes (415). */
		UNSUPPORTED("unsupported-batch-format", "Unsupported batch file"),
		/** Corrupt or malformed: not a readable zip, a broken CSV, bad UTF-8 (400). */
		MALFORMED("malformed-batch", "Malformed batch file"),
		/** Entry names that would leave a directory: {@code ..}, absolute paths (400). */
		UNSAFE("unsafe-batch", "Unsafe batch file"),
		/** Over a size or count limit, a zip bomb included (413). */
		TOO_LARGE("batch-too-large", "Batch too large"),
		/** Nothing to predict (400). */
		EMPTY("empty-batch", "Empty batch");

		private final String type;

		private final String title;

		Kind(String type, String title) {
			this.type = type;
			this.title = title;
		}

		/** The problem type's last path segment. */
		public String type() {
			return this.type;
		}

		public String title() {
			return this.title;
		}

	}

	private final Kind kind;

	public BatchInputException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	public BatchInputException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

}
