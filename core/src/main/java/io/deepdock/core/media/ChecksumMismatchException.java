package io.deepdock.core.media;

import java.io.IOException;

/**
 * A stored file whose bytes no longer match the checksum recorded when it was written.
 */
public class ChecksumMismatchException extends IOException {

	public ChecksumMismatchException(String path, String expected, String actual) {
		super("checksum mismatch for %s: expected %s, found %s".formatted(path, expected, actual));
	}

}
