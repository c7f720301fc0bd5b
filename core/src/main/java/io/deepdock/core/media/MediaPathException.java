package io.deepdock.core.media;

/** A media path that is malformed or would leave the media root. */
public class MediaPathException extends IllegalArgumentException {

	public MediaPathException(String message) {
		super(message);
	}

}
