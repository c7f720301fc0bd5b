package io.deepdock.launcher.nginx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.deepdock.launcher.layout.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nginx templates in {@code nginx/}, rendered as {@code ./deepdock up} renders them
 * and as the official nginx image would in Swarm, and checked by nginx itself
 * ({@code nginx -t}). nginx must be installed: {@code .ci/run} installs it.
 */
class NginxConfigTests {

	/** The repository root: tests run in {@code launcher/}. */
	static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

	/** What stack.yml gives each role. */
	static final Map<String, String> SWARM = Map.of("LB_LISTEN", "80", "LB_RESOLVER",
			"resolver 127.0.0.11 valid=10s ipv6=off;", "WEBAPP_SERVERS", "server tasks.webapp:8080 resolve;",
			"ASSETS_UPSTREAM", "assets:80", "MEDIA_UPSTREAM", "media:80", "MEDIA_ACCESS_TOKEN", "s3cret",
			"ASSETS_LISTEN", "80", "ASSETS_ROOT", "/usr/share/nginx/assets", "MEDIA_LISTEN", "80", "MEDIA_ROOT",
			"/srv/media");

	@TempDir
	Path home;

	private final Nginx nginx = Nginx.find(System.getenv())
		.orElseThrow(() -> new AssertionError("nginx is not installed (apt-get install nginx-light)"));

	@Test
	void localConfigurationPassesNginxTest() throws IOException {
		Layout layout = new Layout(REPOSITORY, this.home);
		LocalNginxConfig config = new LocalNginxConfig(18080, 18081, 18082, List.of(18090, 18091), "t0ken", false);
		Path main = config.write(layout, this.nginx.mimeTypes());

		this.nginx.test(main);

		String lb = Files.readString(layout.nginx().resolve("lb.conf"));
		assertThat(lb).contains("listen 127.0.0.1:18080;")
			.contains("zone webapp 64k;")
			.contains("server 127.0.0.1:18090 max_fails=1 fail_timeout=5s;")
			.contains("server 127.0.0.1:18091 max_fails=1 fail_timeout=5s;")
			.contains("proxy_next_upstream error timeout http_502 http_503 http_504;")
			.contains("server 127.0.0.1:18081;")
			.contains("X-Deepdock-Media-Token \"t0ken\"")
			.contains("location /actuator/ {\n        return 404;")
			.doesNotContainPattern("(?m)^\\s*resolver ");
		assertThat(Files.readString(layout.nginx().resolve("media.conf"))).contains("listen 127.0.0.1:18082;")
			.contains("alias \"" + layout.media() + "/\";");
		assertThat(Files.readString(layout.nginx().resolve("assets.conf")))
			.contains("alias \"" + layout.staticFiles() + "/\";");
	}

	@Test
	void everyRoleRendersWithTheSwarmValues() throws IOException {
		for (String role : List.of("lb", "assets", "media")) {
			Path template = REPOSITORY.resolve("nginx").resolve(role).resolve("default.conf.template");
			String rendered = TemplateRenderer.render(role, Files.readString(template), SWARM);
			assertThat(rendered).doesNotContain("${");
		}
		String lb = TemplateRenderer.render("lb",
				Files.readString(REPOSITORY.resolve("nginx/lb/default.conf.template")), SWARM);
		assertThat(lb).contains("resolver 127.0.0.11 valid=10s ipv6=off;")
			.contains("server tasks.webapp:8080 resolve;")
			.contains("listen 80;");
	}

	/**
	 * The assets and media roles as the official image runs them: the rendered template
	 * is its {@code conf.d/default.conf}. (lb's Swarm form needs {@code resolve} in an
	 * upstream, nginx 1.27.3 or newer, and Swarm's DNS names: Debian's nginx 1.22 cannot
	 * check it.)
	 */
	@Test
	void assetsAndMediaPassNginxTestAsTheOfficialImageRendersThem() throws IOException {
		for (String role : List.of("assets", "media")) {
			Path directory = Files.createDirectories(this.home.resolve(role));
			Path template = REPOSITORY.resolve("nginx").resolve(role).resolve("default.conf.template");
			Files.writeString(directory.resolve("default.conf"),
					TemplateRenderer.render(role, Files.readString(template), SWARM));
			Path main = directory.resolve("nginx.conf");
			Files.writeString(main, """
					pid "%1$s/nginx.pid";
					error_log "%1$s/error.log";
					events { worker_connections 64; }
					http {
					    include "%2$s";
					    default_type application/octet-stream;
					    include "%1$s/default.conf";
					}
					""".formatted(directory, this.nginx.mimeTypes()));

			this.nginx.test(main);
		}
	}

}
