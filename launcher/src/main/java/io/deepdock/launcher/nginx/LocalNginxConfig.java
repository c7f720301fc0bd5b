package io.deepdock.launcher.nginx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.layout.PrivateFiles;

/**
 * The nginx configuration of a local run: the lb, assets and media templates from
 * {@code nginx/} (the files the Swarm images use) rendered for 127.0.0.1 and included by
 * one {@code nginx.conf}, so that a single nginx process plays the three roles.
 *
 * @param port lb's port
 * @param assetsPort the assets role's port
 * @param mediaPort the media role's port
 * @param webappPorts one per webapp replica
 * @param drainingPorts webapp replicas that get no new request (marked {@code down}): the
 * ones {@code ./deepdock rollout} is about to stop
 * @param mediaAccessToken the secret lb sends to media
 * @param workers as whom nginx's workers run and where they read and write
 * ({@link NginxWorkers#unprivileged} when nginx's master runs as root: never as root), or
 * {@code null} when the master is not root: the workers then run as the launcher's own
 * user, reading everything where it is
 */
public record LocalNginxConfig(int port, int assetsPort, int mediaPort, List<Integer> webappPorts,
		Set<Integer> drainingPorts, String mediaAccessToken, NginxWorkers workers) {

	/**
	 * The nginx roles, each a template in {@code nginx/<role>/} and a service of the same
	 * name in {@code stack.yml}; locally one nginx process plays them all.
	 */
	public static final List<String> ROLES = List.of("lb", "assets", "media");

	/**
	 * A replica that fails once is left alone for this long before nginx tries it again.
	 */
	static final String FAIL_TIMEOUT = "5s";

	public LocalNginxConfig {
		webappPorts = List.copyOf(webappPorts);
		drainingPorts = Set.copyOf(drainingPorts);
	}

	/** The same configuration with other webapp replicas, some of them draining. */
	public LocalNginxConfig withWebapps(List<Integer> webappPorts, Set<Integer> drainingPorts) {
		return new LocalNginxConfig(this.port, this.assetsPort, this.mediaPort, webappPorts, drainingPorts,
				this.mediaAccessToken, this.workers);
	}

	private NginxWorkers workers(Layout layout) {
		return (this.workers != null) ? this.workers : NginxWorkers.sameUser(layout);
	}

	/**
	 * The values for the role templates (lb, assets, media) and for the local upstream
	 * groups, which lb's targets name.
	 */
	Map<String, String> roleValues(Layout layout) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("LB_LISTEN", "127.0.0.1:" + this.port);
		values.put("LB_RESOLVER", "# local run: the targets are upstream groups with fixed addresses, no resolver");
		values.put("WEBAPP_TARGET", "http://webapp");
		values.put("ASSETS_TARGET", "http://assets");
		values.put("MEDIA_TARGET", "http://media");
		values.put("WEBAPP_SERVERS",
				this.webappPorts.stream()
					.map((webappPort) -> "server 127.0.0.1:" + webappPort + " max_fails=1 fail_timeout=" + FAIL_TIMEOUT
							+ (this.drainingPorts.contains(webappPort) ? " down;" : ";"))
					.collect(Collectors.joining("\n    ")));
		values.put("ASSETS_SERVER", "127.0.0.1:" + this.assetsPort);
		values.put("MEDIA_SERVER", "127.0.0.1:" + this.mediaPort);
		values.put("MEDIA_ACCESS_TOKEN", this.mediaAccessToken);
		// the same numbers the web replicas get (ServiceEnvironment)
		values.putAll(BodyLimits.DEFAULTS.nginxValues());
		values.put("ASSETS_LISTEN", "127.0.0.1:" + this.assetsPort);
		values.put("ASSETS_ROOT", workers(layout).assetsRoot().toString());
		values.put("MEDIA_LISTEN", "127.0.0.1:" + this.mediaPort);
		values.put("MEDIA_ROOT", layout.media().toString());
		return values;
	}

	Map<String, String> wrapperValues(Layout layout, Path mimeTypes) {
		Map<String, String> values = new LinkedHashMap<>();
		NginxWorkers workers = workers(layout);
		values.put("NGINX_USER",
				(workers.user() != null) ? "user " + workers.user() + ";" : "# not root: the workers run as this user");
		values.put("NGINX_DIR", layout.nginx().toString());
		values.put("NGINX_TEMP", workers.temp().toString());
		values.put("NGINX_MIME_TYPES", mimeTypes.toString());
		return values;
	}

	/**
	 * Renders the five files into {@code .deepdock/nginx/} and creates nginx's temporary
	 * directories. Written again, then reloaded, when the webapp replicas change.
	 * @return the main configuration file
	 */
	public Path write(Layout layout, Path mimeTypes) {
		try {
			Path directory = layout.nginx();
			// nginx makes its temporary directories inside, for the workers' user
			Path temp = Files.createDirectories(workers(layout).temp());
			Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
			// nginx appends to an existing log and keeps its mode; it would create it 644
			PrivateFiles.create(directory.resolve("access.log"));
			Map<String, String> values = roleValues(layout);
			// mode 600 from the start: lb.conf and media.conf hold the media access
			// token,
			// and only nginx's master (the launcher's user) reads them
			for (String role : ROLES) {
				Path template = layout.nginxTemplate(role);
				PrivateFiles.write(directory.resolve(role + ".conf"),
						TemplateRenderer.render(template.toString(), Files.readString(template), values));
			}
			Path upstreams = layout.localUpstreamsTemplate();
			PrivateFiles.write(directory.resolve("upstreams.conf"),
					TemplateRenderer.render(upstreams.toString(), Files.readString(upstreams), values));
			Path main = directory.resolve("nginx.conf");
			Path wrapper = layout.localNginxTemplate();
			PrivateFiles.write(main, TemplateRenderer.render(wrapper.toString(), Files.readString(wrapper),
					wrapperValues(layout, mimeTypes)));
			return main;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the nginx configuration in " + layout.nginx(), ex);
		}
	}

}
