package io.deepdock.webapp.problems;

import java.net.URI;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Spring MVC fills a problem's {@code instance} with the request's path, which the client
 * chose: a 4,000-character task name in {@code /api/v1/predict/...} would come back
 * whole. A path longer than {@link Echo#MAX_INSTANCE_CHARACTERS} is cut like any other
 * echo (still a valid URI reference).
 */
@RestControllerAdvice
class ProblemInstanceAdvice implements ResponseBodyAdvice<Object> {

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem && problem.getInstance() != null) {
			String instance = problem.getInstance().toString();
			if (instance.length() > Echo.MAX_INSTANCE_CHARACTERS) {
				problem.setInstance(URI.create(Echo.path(instance)));
			}
		}
		return body;
	}

}
