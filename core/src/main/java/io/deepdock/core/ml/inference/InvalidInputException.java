package io.deepdock.core.ml.inference;

/**
 * An input the model cannot take: not an image, truncated, too many pixels, blank, empty
 * or too long text. The web layer answers 4xx (400, or 413 for {@link #tooLarge()}) and
 * stores nothing.
 */
public class InvalidInputException extends IllegalArgumentException {

	private final boolean tooLarge;

	public InvalidInputException(String message) {
		this(message, false, null);
	}

	public InvalidInputException(String message, boolean tooLarge, Throwable cause) {
		super(message, cause);
		this.tooLarge = tooLarge;
	}

	/** True when the input was refused for its size (pixel count, text length). */
	public boolean tooLarge() {
		return this.tooLarge;
	}

}
