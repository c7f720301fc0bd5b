package io.deepdock.webapp.problems;

import io.deepdock.core.quotas.QuotaExceededException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problem details of the limits that keep one user from taking the platform's disk,
 * queues or sign-ups: quotas (rate limits and what retention removed are
 * {@link ProblemException}s). (Apart from {@link ApiExceptionHandler} only to keep that
 * file's edits small.)
 */
@RestControllerAdvice(basePackages = "io.deepdock.webapp")
class QuotaProblems {

	/**
	 * Over a quota: 413 for storage (the upload is too large for what is left), 429 for
	 * jobs (too many at once, or today); the problem names the limit, the usage and what
	 * to do.
	 */
	@ExceptionHandler(QuotaExceededException.class)
	ResponseEntity<ProblemDetail> quotaExceeded(QuotaExceededException ex) {
		HttpStatus status = (ex.kind() == QuotaExceededException.Kind.STORAGE) ? HttpStatus.PAYLOAD_TOO_LARGE
				: HttpStatus.TOO_MANY_REQUESTS;
		ProblemDetail problem = ApiExceptionHandler.problem(status, "quota-exceeded", "Quota exceeded",
				ex.getMessage());
		problem.setProperty("quota", switch (ex.kind()) {
			case STORAGE -> "storage";
			case ACTIVE_JOBS -> "active-jobs";
			case DAILY_JOBS -> "jobs-per-day";
		});
		problem.setProperty("unit", (ex.kind() == QuotaExceededException.Kind.STORAGE) ? "bytes" : "jobs");
		problem.setProperty("limit", ex.limit());
		problem.setProperty("usage", ex.usage());
		problem.setProperty("requested", ex.requested());
		return ResponseEntity.status(status).body(problem);
	}

}
