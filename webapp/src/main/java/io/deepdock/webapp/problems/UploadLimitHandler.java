package io.deepdock.webapp.problems;

import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An upload over {@code spring.servlet.multipart.max-file-size} is refused while the
 * request is parsed, before any controller is chosen, so {@link ApiExceptionHandler}
 * (which only advises deepdock's controllers) never sees it: this advice, which applies
 * to every request, turns it into a 413 problem detail naming the limit.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimitHandler {

	private final MultipartProperties multipart;

	UploadLimitHandler(MultipartProperties multipart) {
		this.multipart = multipart;
	}

	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ProblemDetail tooLarge(MaxUploadSizeExceededException ex) {
		return ApiExceptionHandler.problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Too large",
				"The upload is larger than the limit of " + this.multipart.getMaxFileSize().toMegabytes() + " MB.");
	}

}
