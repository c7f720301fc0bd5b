package io.deepdock.webapp.paging;

import java.util.List;

/**
 * A {@code page}, {@code size} or {@code sort} a list cannot take: a 400 problem that
 * lists each bad parameter (see {@code ApiExceptionHandler}).
 */
public class InvalidPagingException extends RuntimeException {

	/** One refused parameter, with what was sent and what it may be. */
	public record ParameterError(String parameter, String rejectedValue, String message) {
	}

	private final List<ParameterError> errors;

	InvalidPagingException(List<ParameterError> errors) {
		super("Some parameters are invalid: "
				+ String.join(", ", errors.stream().map(ParameterError::parameter).distinct().toList()) + ".");
		this.errors = List.copyOf(errors);
	}

	public List<ParameterError> errors() {
		return this.errors;
	}

}
