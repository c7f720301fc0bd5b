package io.deepdock.webapp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx (lb) and Spring refuse uploads at the same size: otherwise one of them answers a
 * bare 413 page (nginx) or a body is cut short, instead of the web app's 413 problem
 * detail.
 */
class UploadLimitsTest {

	@Test
	void nginxClientMaxBodySizeAgreesWithSpringsMultipartLimits() throws Exception {
		String nginx = Files.readString(Path.of("../nginx/lb/default.conf.template"));
		String spring = Files.readString(Path.of("src/main/resources/application.yml"));
		Matcher body = Pattern.compile("client_max_body_size\\s+(\\d+)m;").matcher(nginx);
		assertThat(body.find()).as("client_max_body_size in nginx/lb").isTrue();
		Matcher file = Pattern.compile("max-file-size:\\s*(\\d+)MB").matcher(spring);
		Matcher request = Pattern.compile("max-request-size:\\s*(\\d+)MB").matcher(spring);
		assertThat(file.find() && request.find()).as("multipart limits in application.yml").isTrue();
		assertThat(file.group(1)).isEqualTo(body.group(1));
		assertThat(request.group(1)).isEqualTo(body.group(1));
	}

}
