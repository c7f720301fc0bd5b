package io.deepdock.webapp.limits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much a request may send, per route, and what the JSON parser accepts. One replica
 * runs with {@code -Xmx384m}: every request body that is read into memory must be small,
 * and only the three upload routes (which stream to temporary files) may send more.
 * nginx's {@code client_max_body_size} (lb) is rendered from the same values:
 * {@code ./deepdock up} passes them to both, {@code stack.yml} sets them on both services
 * ({@code BodyLimitsTests} in the launcher keeps the copies equal).
 *
 * @param maxBodySize every request that is not an upload: JSON bodies, forms (a 784-pixel
 * canvas is about 4 KB, a 10,000-character text about 40 KB)
 * @param maxUploadSize {@code POST /api/v1/datasets} and {@code POST /api/v1/jobs/batch}
 * as multipart; Spring's multipart limits are this value
 * @param maxImageUploadSize {@code POST /api/v1/predict/{task}} as multipart: the image
 * ({@code deepdock.serving.max-image-bytes}) and its multipart framing
 * @param json what Jackson reads, whatever the route
 */
@ConfigurationProperties("deepdock.limits")
@Validated
public record RequestLimits(@NotNull DataSize maxBodySize, @NotNull DataSize maxUploadSize,
		@NotNull DataSize maxImageUploadSize, @NotNull @Valid Json json) {

	@AssertTrue(message = "max-body-size must be at least 4KB, and each upload limit at least max-body-size")
	boolean isOrdered() {
		return this.maxBodySize == null || this.maxUploadSize == null || this.maxImageUploadSize == null
				|| (this.maxBodySize.toBytes() >= 4096 && this.maxUploadSize.compareTo(this.maxBodySize) >= 0
						&& this.maxImageUploadSize.compareTo(this.maxBodySize) >= 0);
	}

	/**
	 * Jackson's {@code StreamReadConstraints} for the web app's {@code JsonMapper}: the
	 * request bodies and the JSON the platform stored itself (job results, evaluations),
	 * which is far smaller than these. Jackson 3's own defaults allow strings of 100 M
	 * characters and documents of any length.
	 *
	 * @param maxDocumentLength the longest document, in bytes
	 * @param maxStringLength the longest string value, in characters
	 * @param maxNumberLength the most digits in a number (a float needs under 50)
	 * @param maxNestingDepth the deepest nesting of arrays and objects
	 * @param maxNameLength the longest property name, in characters
	 */
	public record Json(@NotNull DataSize maxDocumentLength, @Min(1) @Max(Integer.MAX_VALUE) int maxStringLength,
			@Min(1) @Max(10_000) int maxNumberLength, @Min(1) @Max(10_000) int maxNestingDepth,
			@Min(1) @Max(Integer.MAX_VALUE) int maxNameLength) {

	}

	/**
	 * The most a request to this route may send.
	 * @param method the HTTP method
	 * @param path the path inside the application (no context path, no query)
	 * @param contentType the request's {@code Content-Type}, or null
	 */
	public DataSize limitFor(String method, String path, String contentType) {
		boolean multipart = contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, 10);
		if (multipart && "POST".equals(method)) {
			if ("/api/v1/datasets".equals(path) || "/api/v1/jobs/batch".equals(path)) {
				return this.maxUploadSize;
			}
			if (path.startsWith("/api/v1/predict/") && path.indexOf('/', "/api/v1/predict/".length()) < 0) {
				return this.maxImageUploadSize;
			}
		}
		return this.maxBodySize;
	}

}
