package io.deepdock.webapp.problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An upload over {@code spring.servlet.multipart.max-file-size} is refused while the
 * request is parsed, before any controller is chosen: an advice limited to deepdock's
 * packages never sees it, so this one is global. 413 with a problem detail, like nginx's
 * answer above the same limit.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimitExceptionHandler {

	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ProblemDetail tooLarge(MaxUploadSizeExceededException ex) {
		return ApiExceptionHandler
			.problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Too large", "The upload is over the size limit"
					+ ((ex.getMaxUploadSize() > 0) ? " of " + (ex.getMaxUploadSize() / (1024 * 1024)) + " MB." : "."));
	}

}
