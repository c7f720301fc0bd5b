package io.deepdock.webapp.assets;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AssetUrlsTest {

	static AssetUrls serving(String content) {
		return new AssetUrls() {
			@Override
			Resource resource(String path) {
				return new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8));
			}
		};
	}

	@Test
	void aChangedFileGetsANewUrl() {
		String before = serving("body { color: red; }").url("css/deepdock.css");
		String after = serving("body { color: blue; }").url("css/deepdock.css");
		assertThat(before).startsWith("/assets/css/deepdock.css?v=").isNotEqualTo(after);
		assertThat(serving("body { color: red; }").url("css/deepdock.css")).isEqualTo(before);
	}

	@Test
	void theRealStaticFilesAreLinkedUnderAssets() {
		assertThat(new AssetUrls().url("js/predict.js")).matches("/assets/js/predict\\.js\\?v=[0-9a-f]{12}");
	}

	@Test
	void aMissingFileIsAnErrorNotABrokenLink() {
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> new AssetUrls().url("js/nope.js"));
	}

}
