package io.deepdock.core.contracts;

/**
 * A message that cannot be decoded: unknown type id, or a body that does not fit its
 * type.
 */
public class MalformedMessageException extends RuntimeException {

	public MalformedMessageException(String message, Throwable cause) {
		super(message, cause);
	}

}
