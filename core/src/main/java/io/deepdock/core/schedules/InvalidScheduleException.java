package io.deepdock.core.schedules;

import java.util.List;
import java.util.stream.Collectors;

import io.deepdock.core.ml.training.InvalidTrainingParametersException.FieldError;

/** A schedule that breaks one or more rules, one {@link FieldError} per rule. */
public class InvalidScheduleException extends IllegalArgumentException {

	private final List<FieldError> errors;

	public InvalidScheduleException(List<FieldError> errors) {
		super("invalid schedule: "
				+ errors.stream().map((e) -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
		this.errors = List.copyOf(errors);
	}

	public List<FieldError> errors() {
		return this.errors;
	}

}
