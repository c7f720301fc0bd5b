package io.deepdock.core.ml.training;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Training parameters that break one or more rules. Carries one {@link FieldError} per
 * broken rule so that the REST layer can answer an RFC 9457 problem with per-field
 * errors.
 */
public class InvalidTrainingParametersException extends IllegalArgumentException {

	private final List<FieldError> errors;

	public InvalidTrainingParametersException(List<FieldError> errors) {
		super("invalid training parameters: "
				+ errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
		this.errors = List.copyOf(errors);
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	/**
	 * One broken rule.
	 *
	 * @param field the parameter's name as in {@link TrainingParameters} (and its JSON)
	 * @param rejectedValue the value given, as text
	 * @param message what is allowed, e.g. {@code must be between 1 and 200}
	 */
	public record FieldError(String field, String rejectedValue, String message) {
	}

}
