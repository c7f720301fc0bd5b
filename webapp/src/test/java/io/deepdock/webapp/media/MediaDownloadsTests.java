package io.deepdock.webapp.media;

import java.nio.file.Path;

import io.deepdock.core.media.MediaProperties;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.webapp.problems.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A stored file goes out as an attachment: behind nginx as an {@code X-Accel-Redirect}
 * with no body, without nginx as the bytes; both with the same type and a safe
 * Content-Disposition.
 */
class MediaDownloadsTests {

	private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

	@TempDir
	Path root;

	@Test
	void behindNginxTheAnswerIsAnXAccelRedirectToTheInternalLocationWithoutABody() throws Exception {
		MediaStorage media = new MediaStorage(new MediaProperties(this.root));
		StoredFile stored = media.write("results/digits", "csv", (out) -> out.write("a,b\n".getBytes()));

		ResponseEntity<Resource> response = new MediaDownloads(media, new MediaDownloadProperties(true))
			.attachment(stored.path(), CSV, "job-7-results.csv", "gone");

		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat(response.getBody()).isNull();
		assertThat(response.getHeaders().getFirst("X-Accel-Redirect")).isEqualTo("/_media/" + stored.path())
			.matches("/_media/results/digits/\\d{4}/\\d{2}/[0-9a-f-]{36}\\.csv");
		assertThat(response.getHeaders().getContentType()).isEqualTo(CSV);
		assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("attachment; filename=\"job-7-results.csv\"; filename*=UTF-8''job-7-results.csv");
		assertThat(response.getHeaders().getCacheControl()).contains("no-store").contains("private");
	}

	@Test
	void withoutNginxTheWebAppStreamsTheFileItself() throws Exception {
		MediaStorage media = new MediaStorage(new MediaProperties(this.root));
		StoredFile stored = media.write("results/digits", "csv", (out) -> out.write("a,b\n".getBytes()));

		ResponseEntity<Resource> response = new MediaDownloads(media, new MediaDownloadProperties(false))
			.attachment(stored.path(), CSV, "job-7-results.csv", "gone");

		assertThat(response.getHeaders().containsHeader("X-Accel-Redirect")).isFalse();
		assertThat(response.getHeaders().getContentLength()).isEqualTo(4);
		assertThat(response.getBody().getContentAsByteArray()).isEqualTo("a,b\n".getBytes());
		assertThat(response.getHeaders().getContentType()).isEqualTo(CSV);
	}

	@Test
	void anImageShownInThePageIsInlineAndTakesTheSameWay() throws Exception {
		MediaStorage media = new MediaStorage(new MediaProperties(this.root));
		StoredFile stored = media.write("uploads/digits", "png", (out) -> out.write(new byte[] { (byte) 0x89, 'P' }));

		ResponseEntity<Resource> response = new MediaDownloads(media, new MediaDownloadProperties(true))
			.inline(stored.path(), MediaType.IMAGE_PNG, "prediction-5.png", "gone");

		assertThat(response.getHeaders().getFirst("X-Accel-Redirect")).isEqualTo("/_media/" + stored.path());
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
		assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("inline; filename=\"prediction-5.png\"; filename*=UTF-8''prediction-5.png");
	}

	@Test
	void aMissingOrNonGeneratedPathIsNotFoundAndNeverRedirected() throws Exception {
		MediaStorage media = new MediaStorage(new MediaProperties(this.root));
		MediaDownloads downloads = new MediaDownloads(media, new MediaDownloadProperties(true));
		java.nio.file.Files.writeString(this.root.resolve("Secret File.csv"), "x");
		for (String path : new String[] { null, "results/digits/2026/11/none.csv", "../etc/passwd", "/etc/passwd",
				"Secret File.csv", "results/../Secret File.csv", "results/x.csv?y" }) {
			assertThatExceptionOfType(ProblemException.class).as(path)
				.isThrownBy(() -> downloads.attachment(path, CSV, "x.csv", "gone"))
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(org.springframework.http.HttpStatus.NOT_FOUND));
		}
	}

	@Test
	void theContentDispositionIsAsciiWithTheExactNameInFilenameStar() {
		assertThat(MediaDownloads.contentDisposition("résultats \"final\"; x.csv")).isEqualTo(
				"attachment; filename=\"r_sultats_final_x.csv\"; filename*=UTF-8''r%C3%A9sultats%20%22final%22%3B%20x.csv");
		// header injection and path separators never get through
		assertThat(MediaDownloads.contentDisposition("a\r\nSet-Cookie: x=1/../b.csv")).isEqualTo(
				"attachment; filename=\"aSet-Cookie_x_1..b.csv\"; filename*=UTF-8''aSet-Cookie%3A%20x%3D1..b.csv");
		assertThat(MediaDownloads.contentDisposition("..")).startsWith("attachment; filename=\"download\"");
		assertThat(MediaDownloads.contentDisposition(null))
			.isEqualTo("attachment; filename=\"download\"; filename*=UTF-8''download");
	}

}
