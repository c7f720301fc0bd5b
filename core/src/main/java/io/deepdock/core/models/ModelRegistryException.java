package io.deepdock.core.models;

/**
 * A registry operation that the versions' states do not allow, with a reason for the
 * user.
 */
public class ModelRegistryException extends RuntimeException {

	public ModelRegistryException(String message) {
		super(message);
	}

}
