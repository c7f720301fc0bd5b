package io.deepdock.webapp.limits;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import io.deepdock.webapp.problems.Echo;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body over its route's limit ({@link RequestLimits#limitFor}) with a
 * 413 problem detail, before anything reads it: by its {@code Content-Length} at once,
 * and, for a chunked body (or one that sends more than it declared), by counting the
 * bytes as they are read, so a JSON body never grows past the limit in memory. Runs
 * before the security filters, so a stranger's 99 MB registration is refused unread.
 *
 * <p>
 * Multipart uploads are parsed by Tomcat from the connection, not through this request's
 * stream: their limits are Spring's multipart limits, which are
 * {@code deepdock.limits.max-upload-size}, written to temporary files as they arrive.
 * Form posts ({@code application/x-www-form-urlencoded}) are parsed by Tomcat too, up to
 * {@code server.tomcat.max-http-form-post-size}, which is
 * {@code deepdock.limits.max-body-size}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

	static final String TYPE = "https://deepdock.io/problems/too-large";

	private final RequestLimits limits;

	private final JsonMapper json;

	RequestBodyLimitFilter(RequestLimits limits, JsonMapper json) {
		this.limits = limits;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		long limit = this.limits.limitFor(request.getMethod(), path, request.getContentType()).toBytes();
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			// Tomcat reads (and drops) a little of the rest, then closes the connection
			response.setHeader(HttpHeaders.CONNECTION, "close");
			tooLarge(request, response, limit);
			return;
		}
		try {
			chain.doFilter(new LimitedRequest(request, limit), response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			// read by something that let the exception through (not Spring MVC's
			// converters: ApiExceptionHandler answers for those)
			if (RequestBodyTooLargeException.in(ex) != null && !response.isCommitted()) {
				response.resetBuffer();
				tooLarge(request, response, limit);
				return;
			}
			throw ex;
		}
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", TYPE);
		problem.put("title", "Too large");
		problem.put("status", HttpStatus.PAYLOAD_TOO_LARGE.value());
		problem.put("detail", new RequestBodyTooLargeException(limit).getMessage());
		problem.put("instance", Echo.path(request.getRequestURI()));
		response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(this.json.writeValueAsString(problem));
	}

	/** {@code 65536} as "64 KB", {@code 209715200} as "200 MB". */
	static String readable(long bytes) {
		if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + " MB";
		}
		if (bytes >= 1024 && bytes % 1024 == 0) {
			return (bytes / 1024) + " KB";
		}
		return bytes + " bytes";
	}

	/** The request whose body stream stops at the limit. */
	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

		@Override
		public java.io.BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), (encoding != null)
					? java.nio.charset.Charset.forName(encoding) : java.nio.charset.StandardCharsets.ISO_8859_1));
		}

	}

	/** Counts what is read and fails once more than the limit has come. */
	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long count;

		LimitedStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) throws RequestBodyTooLargeException {
			this.count += n;
			if (this.count > this.limit) {
				throw new RequestBodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

		@Override
		public int available() throws IOException {
			return this.in.available();
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}
