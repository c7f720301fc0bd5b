package io.deepdock.webapp.problems;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.deepdock.core.batch.BatchInputException;
import io.deepdock.core.ml.inference.InvalidInputException;
import io.deepdock.core.ml.serving.EngineOverloadedException;
import io.deepdock.core.ml.serving.NoModelException;
import io.deepdock.core.ml.training.InvalidTrainingParametersException;
import io.deepdock.core.models.ModelRegistryException;
import io.deepdock.core.schedules.InvalidScheduleException;
import io.deepdock.webapp.jobs.TooManyStreamsException;
import io.deepdock.webapp.limits.RequestBodyTooLargeException;
import io.deepdock.webapp.paging.InvalidPagingException;

import tools.jackson.databind.DatabindException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every REST error is an RFC 9457 problem detail: Spring MVC's own exceptions (bad JSON,
 * wrong method, validation with the errors listed by field) through
 * {@link ResponseEntityExceptionHandler}, and deepdock's through the handlers below.
 */
@RestControllerAdvice(basePackages = "io.deepdock.webapp")
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	static final String TYPE_BASE = "https://deepdock.io/problems/";

	/**
	 * A body that breaks its constraints: 400 listing every broken rule by field (a
	 * password's value is never echoed).
	 */
	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"Some fields are invalid: " + ex.getBindingResult()
					.getFieldErrors()
					.stream()
					.map(FieldError::getField)
					.distinct()
					.sorted()
					.collect(Collectors.joining(", ")) + ".");
		problem.setProperty("errors", ex.getBindingResult().getFieldErrors().stream().map((error) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("field", error.getField());
			if (!error.getField().toLowerCase(Locale.ROOT).contains("password")) {
				entry.put("rejectedValue", Echo.of(error.getRejectedValue()));
			}
			entry.put("message", error.getDefaultMessage());
			return entry;
		}).toList());
		return ResponseEntity.badRequest().headers(headers).body(problem);
	}

	/**
	 * A body over its route's limit found while Jackson read it (chunked): 413. A JSON
	 * body with a text PostgreSQL cannot store (a NUL character): a 400 naming the field
	 * (see {@link JsonTextRules}); any other unreadable body as Spring answers it.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// over its route's limit while Jackson read it (a chunked body,
		// RequestBodyLimitFilter)
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(ex);
		if (tooLarge != null) {
			return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
				.header(HttpHeaders.CONNECTION, "close")
				.body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Too large", tooLarge.getMessage()));
		}
		DatabindException path = null;
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DatabindException databind && path == null) {
				path = databind;
			}
			if (cause instanceof JsonTextRules.UnstorableTextException) {
				String field = (path != null) ? path.getPath()
					.stream()
					.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
							: "[" + reference.getIndex() + "]")
					.collect(Collectors.joining(".")) : "";
				return ResponseEntity.badRequest()
					.headers(headers)
					.body(problem(HttpStatus.BAD_REQUEST, "invalid-text", "Text that cannot be stored",
							(field.isEmpty() ? "A text" : "The field " + field)
									+ " holds a NUL character (\\u0000), which cannot be stored: remove it."));
			}
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	/**
	 * The firewall's refusal (a NUL in a parameter) when it is found only as a controller
	 * reads the parameter: the same 400 as when the security filters find it.
	 */
	@ExceptionHandler(RequestRejectedException.class)
	ProblemDetail rejected(RequestRejectedException ex) {
		return problem(HttpStatus.BAD_REQUEST, "rejected-request", "Request refused",
				"The request was refused: a parameter holds a character that is never accepted (a NUL "
						+ "character, %00, anywhere).");
	}

	/**
	 * Every refusal of deepdock's own ({@link ProblemException}): its status, type, title
	 * and detail, and for a 429 {@code Retry-After} with {@code retryAfterSeconds}.
	 */
	@ExceptionHandler(ProblemException.class)
	ResponseEntity<ProblemDetail> problem(ProblemException ex) {
		ProblemDetail problem = problem(ex.status(), ex.type(), ex.title(), ex.getMessage());
		if (ex.retryAfter() == null) {
			return ResponseEntity.status(ex.status()).body(problem);
		}
		long seconds = Math.max(1, ex.retryAfter().toSeconds());
		problem.setProperty("retryAfterSeconds", seconds);
		return ResponseEntity.status(ex.status()).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).body(problem);
	}

	/** Out-of-range hyper-parameters: a 400 that lists every broken rule by field. */
	@ExceptionHandler(InvalidTrainingParametersException.class)
	ProblemDetail invalidParameters(InvalidTrainingParametersException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameters", "Invalid training parameters",
				ex.getMessage());
		problem.setProperty("errors", fieldErrors(ex.errors()));
		return problem;
	}

	/** A schedule that breaks rules: a 400 that lists every broken rule by field. */
	@ExceptionHandler(InvalidScheduleException.class)
	ProblemDetail invalidSchedule(InvalidScheduleException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-schedule", "Invalid schedule",
				ex.getMessage());
		problem.setProperty("errors", fieldErrors(ex.errors()));
		return problem;
	}

	/**
	 * A list asked for with a bad {@code page}, {@code size} or {@code sort}: a 400 that
	 * names each parameter in {@code errors} (as {@code field}, like every other
	 * validation error).
	 */
	@ExceptionHandler(InvalidPagingException.class)
	ProblemDetail invalidPaging(InvalidPagingException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-paging", "Invalid paging or sorting",
				ex.getMessage());
		problem.setProperty("errors",
				ex.errors()
					.stream()
					.map((e) -> Map.of("field", e.parameter(), "rejectedValue", Echo.of(e.rejectedValue()), "message",
							e.message()))
					.toList());
		return problem;
	}

	private static java.util.List<Map<String, String>> fieldErrors(
			java.util.List<InvalidTrainingParametersException.FieldError> errors) {
		return errors.stream()
			.map((e) -> Map.of("field", e.field(), "rejectedValue", Echo.of(e.rejectedValue()), "message",
					Echo.detail(e.message())))
			.toList();
	}

	@ExceptionHandler(ModelRegistryException.class)
	ProblemDetail registry(ModelRegistryException ex) {
		return problem(HttpStatus.CONFLICT, "model-state", "Model version state", ex.getMessage());
	}

	@ExceptionHandler(InvalidInputException.class)
	ProblemDetail invalidInput(InvalidInputException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", ex.getMessage());
	}

	/**
	 * A batch file that cannot be processed: 415 for the wrong kind of file, 413 over a
	 * limit (a zip bomb included), else 400.
	 */
	@ExceptionHandler(BatchInputException.class)
	ProblemDetail batchInput(BatchInputException ex) {
		HttpStatus status = switch (ex.kind()) {
			case UNSUPPORTED -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
			case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
			default -> HttpStatus.BAD_REQUEST;
		};
		return problem(status, ex.kind().type(), ex.kind().title(), ex.getMessage());
	}

	/** No model for the task yet: 503 with a hint of when to try again, never a 500. */
	@ExceptionHandler(NoModelException.class)
	ResponseEntity<ProblemDetail> noModel(NoModelException ex) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "no-model", "No model yet",
				"There is no trained model for this task yet: train one (POST /api/v1/jobs) or wait for the "
						+ "training that was queued. (" + ex.getMessage() + ")");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "30")
			.body(problem);
	}

	/**
	 * The micro-batching queue is full: 503 with {@code Retry-After}, so clients back
	 * off.
	 */
	@ExceptionHandler(EngineOverloadedException.class)
	ResponseEntity<ProblemDetail> overloaded(EngineOverloadedException ex) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Too many predictions at once",
				ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	/**
	 * A user already holds the most live job streams allowed: 429 with
	 * {@code Retry-After}.
	 */
	@ExceptionHandler(TooManyStreamsException.class)
	ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException ex) {
		ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many live streams",
				ex.getMessage());
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, "15")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/**
	 * Spring MVC's own problems may quote what was sent (a query parameter that did not
	 * convert): their detail is cut like deepdock's.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			problem.setDetail(Echo.detail(problem.getDetail()));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, Echo.detail(detail));
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

}
