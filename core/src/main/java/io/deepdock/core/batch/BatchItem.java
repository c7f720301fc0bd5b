package io.deepdock.core.batch;

/**
 * One input of a batch, in the order of the file: an image's bytes, a text, or the reason
 * it cannot be used (which becomes an error row, not a failed job).
 *
 * @param name the entry name in the zip, or the CSV row's {@code id} (else its line)
 * @param image the image bytes, or null
 * @param text the text, or null
 * @param error why this input is not predicted, or null
 */
public record BatchItem(String name, byte[] image, String text, String error) {

	public static BatchItem image(String name, byte[] bytes) {
		return new BatchItem(name, bytes, null, null);
	}

	public static BatchItem text(String name, String text) {
		return new BatchItem(name, null, text, null);
	}

	public static BatchItem error(String name, String error) {
		return new BatchItem(name, null, null, error);
	}

	public boolean failed() {
		return this.error != null;
	}

	/** Longest name kept (the {@code prediction.input_name} column holds 300). */
	public static final int MAX_NAME_LENGTH = 300;

	/**
	 * A name from the user's file as display text: control characters removed, cut to
	 * {@link #MAX_NAME_LENGTH}.
	 */
	public static String cleanName(String name) {
		String clean = name.replaceAll("\\p{Cntrl}", "").strip();
		return (clean.length() > MAX_NAME_LENGTH) ? clean.substring(0, MAX_NAME_LENGTH) : clean;
	}

}
