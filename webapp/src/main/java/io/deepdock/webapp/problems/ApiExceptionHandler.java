package io.deepdock.webapp.problems;

import java.net.URI;
import java.util.Map;

import io.deepdock.core.ml.training.InvalidTrainingParametersException;
import io.deepdock.core.models.ModelRegistryException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every REST error is an RFC 9457 problem detail: Spring MVC's own exceptions (bad JSON,
 * wrong method, validation with the errors listed by field) through
 * {@link ResponseEntityExceptionHandler}, and deepdock's through the handlers below.
 */
@RestControllerAdvice(basePackages = "io.deepdock.webapp")
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	static final String TYPE_BASE = "https://deepdock.io/problems/";

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
	}

	@ExceptionHandler(BadRequestException.class)
	ProblemDetail badRequest(BadRequestException ex) {
		return problem(HttpStatus.BAD_REQUEST, ex.type(), ex.title(), ex.getMessage());
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		return problem(HttpStatus.CONFLICT, "conflict", "Conflict", ex.getMessage());
	}

	/** Out-of-range hyper-parameters: a 400 that lists every broken rule by field. */
	@ExceptionHandler(InvalidTrainingParametersException.class)
	ProblemDetail invalidParameters(InvalidTrainingParametersException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameters", "Invalid training parameters",
				ex.getMessage());
		problem.setProperty("errors",
				ex.errors()
					.stream()
					.map((e) -> Map.of("field", e.field(), "rejectedValue", String.valueOf(e.rejectedValue()),
							"message", e.message()))
					.toList());
		return problem;
	}

	@ExceptionHandler(ModelRegistryException.class)
	ProblemDetail registry(ModelRegistryException ex) {
		return problem(HttpStatus.CONFLICT, "model-state", "Model version state", ex.getMessage());
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

}
