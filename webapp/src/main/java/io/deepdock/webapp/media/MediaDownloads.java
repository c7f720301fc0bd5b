package io.deepdock.webapp.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import io.deepdock.core.media.MediaStorage;
import io.deepdock.webapp.problems.ProblemException;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * The one way a controller answers with a stored media file, once it has checked that the
 * caller may have it (owner or admin; anything else is its 404).
 *
 * <p>
 * Behind nginx ({@code deepdock.media.accel-redirect=true}) the answer carries no body,
 * only {@code X-Accel-Redirect: /_media/<generated path>}: lb follows it to its
 * {@code internal} location, which proxies to the media role, which reads the media
 * volume. So the bytes never pass through a JVM, and no URL a client can type reaches a
 * file ({@code /_media/} is internal, {@code /media/} answers 404). Without nginx (tests)
 * the web app streams the file itself. Both ways send the same {@code Content-Type} and a
 * {@code Content-Disposition} that is safe whatever the name: an ASCII fallback
 * {@code filename} plus the RFC 5987 {@code filename*}.
 */
@Component
public class MediaDownloads {

	/** lb's internal location (nginx/lb/default.conf.template). */
	public static final String INTERNAL_PREFIX = "/_media/";

	public static final String ACCEL_REDIRECT = "X-Accel-Redirect";

	/** Generated media paths: lower-case segments, digits, dashes and one dot. */
	private static final Pattern GENERATED = Pattern
		.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\\.[a-z0-9]{1,10}");

	private static final Pattern UNSAFE_ASCII = Pattern.compile("[^A-Za-z0-9._-]+");

	private final MediaStorage media;

	private final boolean accelRedirect;

	public MediaDownloads(MediaStorage media, MediaDownloadProperties properties) {
		this.media = media;
		this.accelRedirect = properties.accelRedirect();
	}

	/**
	 * The download of a stored file as an attachment.
	 * @param storedPath the generated path inside media, as {@link MediaStorage} returned
	 * it
	 * @param type its content type
	 * @param filename the name the browser saves it under (any text: it is made safe
	 * here)
	 * @param missing the detail of the 404 when the file is gone
	 */
	public ResponseEntity<Resource> attachment(String storedPath, MediaType type, String filename, String missing) {
		return serve(storedPath, type, contentDisposition("attachment", filename), missing);
	}

	/**
	 * A stored file shown in the page (an uploaded image as a thumbnail), with the same
	 * checks and headers as {@link #attachment} but {@code inline}.
	 */
	public ResponseEntity<Resource> inline(String storedPath, MediaType type, String filename, String missing) {
		return serve(storedPath, type, contentDisposition("inline", filename), missing);
	}

	private ResponseEntity<Resource> serve(String storedPath, MediaType type, String disposition, String missing) {
		if (storedPath == null || !GENERATED.matcher(storedPath).matches() || !this.media.exists(storedPath)) {
			throw ProblemException.notFound(missing);
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION, disposition)
			.cacheControl(CacheControl.noStore().cachePrivate())
			.header("X-Content-Type-Options", "nosniff");
		if (this.accelRedirect) {
			return response.header(ACCEL_REDIRECT, accelPath(storedPath)).build();
		}
		Path file = this.media.resolve(storedPath);
		try {
			return response.contentLength(Files.size(file)).body(new FileSystemResource(file));
		}
		catch (IOException ex) {
			throw ProblemException.notFound(missing);
		}
	}

	/** {@code /_media/} and the path, each segment percent-encoded. */
	static String accelPath(String storedPath) {
		return INTERNAL_PREFIX + UriUtils.encodePath(storedPath, StandardCharsets.UTF_8);
	}

	/**
	 * {@code attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded>}: old
	 * clients take the ASCII name, the others the exact one; neither can break out of the
	 * header (quotes, semicolons, CR/LF and path separators never get through).
	 */
	public static String contentDisposition(String filename) {
		return contentDisposition("attachment", filename);
	}

	private static String contentDisposition(String kind, String filename) {
		// no control characters, no path separators, no leading dots (a hidden file)
		String name = (filename == null) ? ""
				: filename.replaceAll("[\\p{Cntrl}/\\\\]", "").strip().replaceFirst("^[.\\s]+", "");
		String ascii = UNSAFE_ASCII.matcher(name).replaceAll("_").replaceAll("^[._]+", "");
		if (ascii.isEmpty()) {
			ascii = "download";
		}
		if (name.isEmpty()) {
			name = ascii;
		}
		return kind + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + UriUtils.encode(name, StandardCharsets.UTF_8);
	}

}
