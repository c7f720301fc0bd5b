package io.deepdock.webapp.assets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assets role serves {@code static/} as it is, so uPlot's files are copied there from
 * the {@code org.webjars.npm:uplot} jar the root pom pins: they must be that jar's, byte
 * for byte (upgrade by copying them again).
 */
class VendoredUplotTest {

	/** The root pom's {@code uplot.version}: its jar is the only one on the classpath. */
	static final String VERSION = "1.6.30";

	@ParameterizedTest
	@ValueSource(strings = { "uPlot.iife.min.js", "uPlot.min.css" })
	void theServedFileIsThePinnedWebjars(String name) throws IOException {
		String version = VERSION;
		byte[] pinned;
		try (InputStream in = getClass()
			.getResourceAsStream("/META-INF/resources/webjars/uplot/" + version + "/dist/" + name)) {
			assertThat(in).as("uplot " + version + " on the test classpath").isNotNull();
			pinned = in.readAllBytes();
		}
		assertThat(Files.readAllBytes(Path.of("src/main/resources/static/vendor/uplot", name))).isEqualTo(pinned);
	}

}
