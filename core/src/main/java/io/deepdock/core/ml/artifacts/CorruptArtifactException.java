package io.deepdock.core.ml.artifacts;

/**
 * A model artifact that must not be served: checksum mismatch, unreadable zip, missing
 * parts, wrong task.
 */
public class CorruptArtifactException extends RuntimeException {

	public CorruptArtifactException(String message) {
		super(message);
	}

	public CorruptArtifactException(String message, Throwable cause) {
		super(message, cause);
	}

}
