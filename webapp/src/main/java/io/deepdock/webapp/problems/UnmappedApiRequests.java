package io.deepdock.webapp.problems;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An API request that no handler takes (the wrong method, or a content type no mapping
 * consumes, e.g. {@code text/plain} to {@code /api/v1/predict/digits}) fails before a
 * controller is chosen, where {@link ApiExceptionHandler} (bound to deepdock's
 * controllers) does not apply; Boot's plain JSON error would answer. This answers it as
 * an RFC 9457 problem too. Outside {@code /api/} it rethrows, which leaves pages to
 * Boot's error page as before.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnmappedApiRequests {

	@ExceptionHandler({ HttpRequestMethodNotSupportedException.class, HttpMediaTypeNotSupportedException.class,
			HttpMediaTypeNotAcceptableException.class })
	ResponseEntity<Object> unmapped(Exception ex, HttpServletRequest request) throws Exception {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.startsWith("/api/") || !(ex instanceof ErrorResponse response)) {
			throw ex;
		}
		return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders()).body(response.getBody());
	}

}
