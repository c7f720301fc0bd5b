package io.deepdock.launcher.nginx;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.swarm.StackFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx and the web app refuse a request body at the same size, on every route, in both
 * topologies: otherwise one of them cuts a body short that the other accepted, or a
 * replica reads more than nginx meant to let through. The numbers live in four places
 * that cannot share a file (the web app's {@code application.yml}, the launcher, the lb
 * image and {@code stack.yml}); this holds them equal.
 */
class BodyLimitsTests {

	@TempDir
	Path home;

	@Test
	void theLaunchersLimitsAreTheWebAppsDefaults() throws IOException {
		Map<String, String> limits = webappLimits();

		assertThat(limits.get("max-body-size")).isEqualTo("128KB");
		assertThat(BodyLimits.DEFAULTS.webappEnvironment())
			.containsEntry("DEEPDOCK_LIMITS_MAXBODYSIZE", limits.get("max-body-size"))
			.containsEntry("DEEPDOCK_LIMITS_MAXUPLOADSIZE", limits.get("max-upload-size"))
			.containsEntry("DEEPDOCK_LIMITS_MAXIMAGEUPLOADSIZE", limits.get("max-image-upload-size"));
	}

	@Test
	void stackYmlGivesLbAndWebappTheSameLimitsAsTheLauncher() {
		StackFile stack = StackFile.read();

		assertThat(stack.environment("lb")).containsAllEntriesOf(BodyLimits.DEFAULTS.nginxValues());
		assertThat(stack.environment("webapp")).containsAllEntriesOf(BodyLimits.DEFAULTS.webappEnvironment());
	}

	@Test
	void theLbImageDefaultsToTheSameLimits() throws IOException {
		String dockerfile = Files.readString(StackFile.REPOSITORY.resolve("nginx/lb/Dockerfile"));

		BodyLimits.DEFAULTS.nginxValues().forEach((name, value) -> assertThat(dockerfile).contains(name + "=" + value));
	}

	@Test
	void localLbHasTheSmallLimitEverywhereButTheUploadRoutes() throws IOException {
		Layout layout = new Layout(StackFile.REPOSITORY, this.home);
		new LocalNginxConfig(18080, 18081, 18082, List.of(18090), Set.of(), "t0ken", null).write(layout,
				this.home.resolve("mime.types"));

		String lb = Files.readString(layout.nginx().resolve("lb.conf"));

		assertThat(lb).containsPattern("(?m)^    client_max_body_size 128k;")
			.containsPattern("location = /api/v1/datasets \\{\\s+client_max_body_size 200m;")
			.containsPattern("location = /api/v1/jobs/batch \\{\\s+client_max_body_size 200m;")
			.containsPattern("location ~ \\^/api/v1/predict/\\[\\^/\\]\\+\\$ \\{\\s+client_max_body_size 11m;");
	}

	@Test
	void sizesAreWrittenInEachSyntax() {
		assertThat(BodyLimits.nginx(128L << 10)).isEqualTo("128k");
		assertThat(BodyLimits.nginx(3L << 20)).isEqualTo("3m");
		assertThat(BodyLimits.nginx(1000)).isEqualTo("1000");
		assertThat(BodyLimits.spring(128L << 10)).isEqualTo("128KB");
		assertThat(BodyLimits.spring(3L << 20)).isEqualTo("3MB");
		assertThat(BodyLimits.spring(1000)).isEqualTo("1000B");
	}

	private static Map<String, String> webappLimits() throws IOException {
		try (Reader reader = Files
			.newBufferedReader(StackFile.REPOSITORY.resolve("webapp/src/main/resources/application.yml"))) {
			Map<?, ?> yaml = new Yaml(new LoaderOptions()).load(reader);
			Map<?, ?> limits = (Map<?, ?>) ((Map<?, ?>) yaml.get("deepdock")).get("limits");
			Map<String, String> sizes = new java.util.TreeMap<>();
			limits.forEach((key, value) -> sizes.put(key.toString(), value.toString()));
			return sizes;
		}
	}

}
