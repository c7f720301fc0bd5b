package io.deepdock.launcher.nginx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.deepdock.launcher.layout.Layout;

/**
 * The nginx configuration of a local run: the lb, assets and media templates from
 * {@code nginx/} (the files the Swarm images use) rendered for 127.0.0.1 and included by
 * one {@code nginx.conf}, so that a single nginx process plays the three roles.
 *
 * @param port lb's port
 * @param assetsPort the assets role's port
 * @param mediaPort the media role's port
 * @param webappPorts one per webapp replica
 * @param mediaAccessToken the secret lb sends to media
 * @param runAsRoot whether nginx's master runs as root (then its workers do too, so they
 * can read a repository under a private home directory)
 */
public record LocalNginxConfig(int port, int assetsPort, int mediaPort, List<Integer> webappPorts,
		String mediaAccessToken, boolean runAsRoot) {

	/**
	 * A replica that fails once is left alone for this long before nginx tries it again.
	 */
	static final String FAIL_TIMEOUT = "5s";

	public LocalNginxConfig {
		webappPorts = List.copyOf(webappPorts);
	}

	/** The values for the role templates. */
	Map<String, String> roleValues(Layout layout) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("LB_LISTEN", "127.0.0.1:" + this.port);
		values.put("LB_RESOLVER", "# local run: the replicas have fixed addresses, no resolver");
		values.put("WEBAPP_SERVERS", this.webappPorts.stream()
			.map((webappPort) -> "server 127.0.0.1:" + webappPort + " max_fails=1 fail_timeout=" + FAIL_TIMEOUT + ";")
			.collect(Collectors.joining("\n    ")));
		values.put("ASSETS_UPSTREAM", "127.0.0.1:" + this.assetsPort);
		values.put("MEDIA_UPSTREAM", "127.0.0.1:" + this.mediaPort);
		values.put("MEDIA_ACCESS_TOKEN", this.mediaAccessToken);
		values.put("ASSETS_LISTEN", "127.0.0.1:" + this.assetsPort);
		values.put("ASSETS_ROOT", layout.staticFiles().toString());
		values.put("MEDIA_LISTEN", "127.0.0.1:" + this.mediaPort);
		values.put("MEDIA_ROOT", layout.media().toString());
		return values;
	}

	Map<String, String> wrapperValues(Layout layout, Path mimeTypes) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("NGINX_USER", this.runAsRoot ? "user root;" : "# not root: the workers run as this user");
		values.put("NGINX_DIR", layout.nginx().toString());
		values.put("NGINX_MIME_TYPES", mimeTypes.toString());
		return values;
	}

	/**
	 * Renders the four files into {@code .deepdock/nginx/} and creates nginx's temporary
	 * directories.
	 * @return the main configuration file
	 */
	public Path write(Layout layout, Path mimeTypes) {
		try {
			Path directory = layout.nginx();
			Files.createDirectories(directory.resolve("temp"));
			Map<String, String> values = roleValues(layout);
			for (String role : List.of("lb", "assets", "media")) {
				Path template = layout.nginxTemplate(role);
				Files.writeString(directory.resolve(role + ".conf"),
						TemplateRenderer.render(template.toString(), Files.readString(template), values));
			}
			Path main = directory.resolve("nginx.conf");
			Path wrapper = layout.localNginxTemplate();
			Files.writeString(main, TemplateRenderer.render(wrapper.toString(), Files.readString(wrapper),
					wrapperValues(layout, mimeTypes)));
			return main;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the nginx configuration in " + layout.nginx(), ex);
		}
	}

}
