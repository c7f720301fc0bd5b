package io.deepdock.launcher.nginx;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import static org.awaitility.Awaitility.await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.processes.ManagedProcess;
import io.deepdock.launcher.swarm.StackFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The nginx templates in {@code nginx/}, rendered as {@code ./deepdock up} renders them
 * and as the official nginx image renders them in Swarm (with the environment that
 * {@code stack.yml} gives each role), and checked by nginx itself ({@code nginx -t}).
 * nginx must be installed: {@code .ci/run} installs it.
 */
class NginxConfigIT {

	static final Path REPOSITORY = StackFile.REPOSITORY;

	@TempDir
	Path home;

	/**
	 * Where a root master's workers get their runtime directory: in a run, the system's
	 * {@code /tmp}; here a directory that others may pass through, as {@code /tmp}.
	 */
	@TempDir
	Path runtimeParent;

	@BeforeEach
	void othersMayPassThroughTheRuntimeParent() throws IOException {
		Files.setPosixFilePermissions(this.runtimeParent, PosixFilePermissions.fromString("rwx--x--x"));
	}

	private final Nginx nginx = Nginx.find(System.getenv())
		.orElseThrow(() -> new AssertionError("nginx is not installed (apt-get install nginx-light)"));

	@Test
	void localConfigurationPassesNginxTest() throws IOException {
		Layout layout = new Layout(REPOSITORY, this.home);
		LocalNginxConfig config = new LocalNginxConfig(18080, 18081, 18082, List.of(18090, 18091), Set.of(), "t0ken",
				null);
		Path main = config.write(layout, this.nginx.mimeTypes());

		this.nginx.test(main);

		String lb = Files.readString(layout.nginx().resolve("lb.conf"));
		assertThat(lb).contains("listen 127.0.0.1:18080;")
			.contains("set $webapp http://webapp;")
			.contains("proxy_pass $webapp;")
			.contains("proxy_next_upstream error timeout http_502 http_503 http_504;")
			.contains("X-Deepdock-Media-Token \"t0ken\"")
			.contains("location ^~ /actuator {\n        return 404;")
			.contains("location = /actuator/health {")
			.doesNotContainPattern("(?m)^\\s*resolver ");
		assertThat(Files.readString(layout.nginx().resolve("upstreams.conf"))).contains("zone webapp 64k;")
			.contains("server 127.0.0.1:18090 max_fails=1 fail_timeout=5s;")
			.contains("server 127.0.0.1:18091 max_fails=1 fail_timeout=5s;")
			.contains("server 127.0.0.1:18081;");
		assertThat(Files.readString(layout.nginx().resolve("media.conf"))).contains("listen 127.0.0.1:18082;")
			.contains("alias \"" + layout.media() + "/\";");
		assertThat(Files.readString(layout.nginx().resolve("assets.conf")))
			.contains("alias \"" + layout.staticFiles() + "/\";");
	}

	@Test
	void theRenderedFilesAreOwnerOnlyFromTheStart() throws IOException {
		Layout layout = new Layout(REPOSITORY, this.home);
		LocalNginxConfig config = new LocalNginxConfig(18080, 18081, 18082, List.of(18090), Set.of(), "t0ken", null);

		config.write(layout, this.nginx.mimeTypes());
		config.withWebapps(List.of(18091), Set.of()).write(layout, this.nginx.mimeTypes());

		for (String file : List.of("nginx.conf", "upstreams.conf", "lb.conf", "assets.conf", "media.conf",
				"access.log")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.nginx().resolve(file))))
				.as(file)
				.isEqualTo("rw-------");
		}
		assertThat(Files.readString(layout.nginx().resolve("lb.conf"))).contains("t0ken");
	}

	@Test
	void aRootMasterRunsItsWorkersAsNobodyAndTheConfigurationPassesNginxTest() throws IOException {
		assumeTrue(isRoot(), "only root may name another user");
		Layout layout = new Layout(REPOSITORY, this.home);
		NginxWorkers workers = NginxWorkers.unprivileged(layout, this.runtimeParent);
		LocalNginxConfig config = new LocalNginxConfig(18080, 18081, 18082, List.of(18090), Set.of(), "t0ken", workers);

		Path main = config.write(layout, this.nginx.mimeTypes());

		assertThat(Files.readString(main)).containsPattern("(?m)^user nobody (nogroup|nobody);$");
		assertThat(Files.readString(main)).doesNotContain("user root");
		this.nginx.test(main);
	}

	/**
	 * A checkout and a state directory that {@code nobody} cannot reach (a repository
	 * under {@code /root}, mode 700): a root master still runs its workers as nobody,
	 * never as root; they serve a copy of the static files and buffer request bodies in a
	 * runtime directory they can reach, the media downloads are left to the web replicas,
	 * and the configuration with the media token stays the master's alone.
	 */
	@Test
	void aPrivateCheckoutStillGetsWorkersThatAreNotRootAndServeTheStaticFiles() throws Exception {
		assumeTrue(isRoot(), "only root may run its workers as another user");
		Path repository = Files.createDirectory(this.home.resolve("private-checkout"));
		Files.setPosixFilePermissions(repository, PosixFilePermissions.fromString("rwx------"));
		copyTree(REPOSITORY.resolve("nginx"), repository.resolve("nginx"));
		Path css = repository.resolve("webapp/src/main/resources/static/css/probe.css");
		Files.createDirectories(css.getParent());
		Files.writeString(css, "body { color: teal }");
		Layout layout = new Layout(repository, Files.createDirectory(repository.resolve(".deepdock")));
		layout.createDirectories();
		assertThat(WorkerUser.blocking(List.of(layout.staticFiles(), layout.home()))).isNotEmpty();

		NginxWorkers workers = NginxWorkers.unprivileged(layout, this.runtimeParent);

		assertThat(workers.user()).isEqualTo(WorkerUser.UNPRIVILEGED);
		assertThat(workers.servesMedia()).as("the web replicas stream media instead").isFalse();
		assertThat(workers.assetsRoot()).startsWith(workers.runtime());
		assertThat(WorkerUser.blocking(List.of(workers.assetsRoot(), workers.temp()))).isEmpty();
		HttpServer webapp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		webapp.createContext("/", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		webapp.start();
		int port = freePort();
		LocalNginxConfig config = new LocalNginxConfig(port, freePort(), freePort(),
				List.of(webapp.getAddress().getPort()), Set.of(), "t0ken", workers);
		Path main = config.write(layout, this.nginx.mimeTypes());
		ManagedProcess nginx = this.nginx.start(main, layout.nginx().resolve("error.log"), layout.nginx());
		HttpClient client = HttpClient.newHttpClient();
		try {
			assertThat(status(client, port, "/nginx-health")).isEqualTo(200);
			HttpResponse<String> asset = client.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/assets/css/probe.css")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(asset.statusCode()).isEqualTo(200);
			assertThat(asset.body()).isEqualTo("body { color: teal }");
			// a body bigger than nginx's buffer goes through a temporary file the workers
			// write
			HttpResponse<String> upload = client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/datasets"))
					.header("Content-Type", "multipart/form-data; boundary=b")
					.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1 << 20]))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(upload.statusCode()).isEqualTo(200);
			assertThat(workerUsers(nginx)).isNotEmpty().doesNotContain("root").allMatch("nobody"::equals);
			for (String file : List.of("nginx.conf", "lb.conf", "media.conf")) {
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.nginx().resolve(file))))
					.as(file)
					.isEqualTo("rw-------");
			}
		}
		finally {
			nginx.requestStop();
			nginx.awaitStop(Duration.ofSeconds(10));
			webapp.stop(0);
		}
		workers.removeRuntime();
		assertThat(workers.runtime()).doesNotExist();
	}

	/** The users nginx's worker processes run as. */
	static List<String> workerUsers(ManagedProcess master) {
		return master.children()
			.stream()
			.map(ProcessHandle::of)
			.flatMap(java.util.Optional::stream)
			.flatMap((handle) -> Stream.concat(Stream.of(handle), handle.children()))
			.filter((handle) -> handle.info().command().map((c) -> c.endsWith("nginx")).orElse(false))
			.map((handle) -> handle.info().user().orElse("?"))
			.toList();
	}

	static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> all = Files.walk(from)) {
			for (Path source : all.toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target);
				}
			}
		}
	}

	static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	@Test
	void aDrainingReplicaIsMarkedDownAndTheConfigurationStillPassesNginxTest() throws IOException {
		Layout layout = new Layout(REPOSITORY, this.home);
		LocalNginxConfig config = new LocalNginxConfig(18080, 18081, 18082, List.of(18090, 18091), Set.of(), "t0ken",
				null)
			.withWebapps(List.of(18090, 18091, 18092), Set.of(18090));
		Path main = config.write(layout, this.nginx.mimeTypes());

		this.nginx.test(main);

		assertThat(Files.readString(layout.nginx().resolve("upstreams.conf")))
			.contains("server 127.0.0.1:18090 max_fails=1 fail_timeout=5s down;")
			.contains("server 127.0.0.1:18091 max_fails=1 fail_timeout=5s;")
			.contains("server 127.0.0.1:18092 max_fails=1 fail_timeout=5s;");
	}

	/**
	 * nginx itself, in front of a stand-in web app that answers 200 to everything: only
	 * the health and its two probes get through; the actuator index (which lists the
	 * endpoints), Prometheus, metrics and the health's parts answer 404 from nginx.
	 */
	@Test
	void onlyTheHealthAndItsProbesOfActuatorArePublished() throws Exception {
		HttpServer webapp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		webapp.createContext("/", (exchange) -> {
			byte[] body = ("webapp " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		webapp.start();
		Layout layout = new Layout(REPOSITORY, this.home);
		int port = freePort();
		LocalNginxConfig config = new LocalNginxConfig(port, freePort(), freePort(),
				List.of(webapp.getAddress().getPort()), Set.of(), "t0ken", null);
		Path main = config.write(layout, this.nginx.mimeTypes());
		ManagedProcess nginx = this.nginx.start(main, this.home.resolve("nginx.log"), this.home);
		try {
			HttpClient client = HttpClient.newHttpClient();
			Map<String, Integer> statuses = new LinkedHashMap<>();
			for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
					"/actuator", "/actuator/", "/actuator/prometheus", "/actuator/metrics", "/actuator/info",
					"/actuator/health/db", "/actuator/health/", "/actuator/health/../prometheus",
					"/actuator;x=1/prometheus", "/actuator%2Fprometheus", "//actuator/prometheus", "/api/v1/jobs")) {
				statuses.put(path, status(client, port, path));
			}
			assertThat(statuses).isEqualTo(Map.ofEntries(Map.entry("/actuator/health", 200),
					Map.entry("/actuator/health/liveness", 200), Map.entry("/actuator/health/readiness", 200),
					Map.entry("/actuator", 404), Map.entry("/actuator/", 404), Map.entry("/actuator/prometheus", 404),
					Map.entry("/actuator/metrics", 404), Map.entry("/actuator/info", 404),
					Map.entry("/actuator/health/db", 404), Map.entry("/actuator/health/", 404),
					Map.entry("/actuator/health/../prometheus", 404), Map.entry("/actuator;x=1/prometheus", 404),
					Map.entry("/actuator%2Fprometheus", 404), Map.entry("//actuator/prometheus", 404),
					Map.entry("/api/v1/jobs", 200)));
		}
		finally {
			nginx.requestStop();
			nginx.awaitStop(Duration.ofSeconds(10));
			webapp.stop(0);
		}
	}

	/**
	 * A replica reads a JSON body into memory: nginx stops a big one at the edge with the
	 * web app's 413 problem, on a JSON route, while an upload route still takes a body
	 * far bigger than that, and passes it on whole.
	 */
	@Test
	void refusesAnOversizedJsonBodyWith413ButPassesALargerUploadOn() throws Exception {
		AtomicLong received = new AtomicLong(-1);
		HttpServer webapp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		webapp.createContext("/", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				received.set(in.transferTo(OutputStream.nullOutputStream()));
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		webapp.start();
		Layout layout = new Layout(REPOSITORY, this.home);
		int port = freePort();
		LocalNginxConfig config = new LocalNginxConfig(port, freePort(), freePort(),
				List.of(webapp.getAddress().getPort()), Set.of(), "t0ken",
				// as root: workers as nobody, which write the buffered body where they
				// can
				isRoot() ? NginxWorkers.unprivileged(layout, this.runtimeParent) : null);
		ManagedProcess nginx = this.nginx.start(config.write(layout, this.nginx.mimeTypes()),
				this.home.resolve("nginx.log"), this.home);
		HttpClient client = HttpClient.newHttpClient();
		try {
			await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> client
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nginx-health")).build(),
							HttpResponse.BodyHandlers.ofString())
					.statusCode() == 200);
			long overJsonLimit = BodyLimits.DEFAULTS.maxBodyBytes() + 1;
			String username = "a".repeat((int) overJsonLimit);

			HttpResponse<String> json = client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/register"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(json.statusCode()).isEqualTo(413);
			assertThat(json.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(json.body()).contains("\"type\":\"https://deepdock.io/problems/too-large\"")
				.contains("128k for JSON and forms");
			assertThat(received.get()).as("nothing reached the web app").isEqualTo(-1);

			byte[] upload = new byte[(int) (4 * overJsonLimit)];
			HttpResponse<String> dataset = client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/datasets"))
					.header("Content-Type", "multipart/form-data; boundary=b")
					.POST(HttpRequest.BodyPublishers.ofByteArray(upload))
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(dataset.statusCode()).isEqualTo(200);
			assertThat(received.get()).isEqualTo(upload.length);
		}
		finally {
			nginx.requestStop();
			nginx.awaitStop(Duration.ofSeconds(10));
			webapp.stop(0);
		}
	}

	/** The status nginx answers, once it listens (it takes a moment to start). */
	private static int status(HttpClient client, int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
		for (int attempt = 0;; attempt++) {
			try {
				return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			}
			catch (java.net.ConnectException ex) {
				if (attempt > 100) {
					throw ex;
				}
				Thread.sleep(100);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Each role as the official image runs it: the template rendered with the environment
	 * stack.yml gives the role becomes {@code conf.d/default.conf}, included by a stock
	 * {@code nginx.conf}. The secret (the media token) gets a test value.
	 */
	@Test
	void everyRolePassesNginxTestWithTheEnvironmentStackYmlGivesIt() throws Exception {
		for (String role : List.of("lb", "assets", "media")) {
			String rendered = renderForSwarm(role);
			assertThat(rendered).doesNotContain("${");
			Path directory = Files.createDirectories(this.home.resolve(role));
			Files.writeString(directory.resolve("default.conf"), rendered);
			// lb's upstream groups, as its entrypoint script writes them (no task
			// resolves here)
			String upstreams = role.equals("lb") ? writeUpstreams(
					StackFile.read().environment("lb").get("LB_UPSTREAMS"), directory.resolve("upstreams.conf")) : "";
			Files.writeString(directory.resolve("upstreams.conf"), upstreams);
			Path main = writeStockMain(directory);

			this.nginx.test(main);
		}
	}

	/**
	 * In Swarm lb's targets name upstream groups that its entrypoint script
	 * ({@code nginx/docker/30-deepdock-upstreams.sh}) writes from Swarm's DNS, so nginx
	 * keeps idle connections to every task: 40 requests reach the web task over a few
	 * connections, not one each (a resolver and a DNS name in {@code proxy_pass} opened
	 * one per request, and at a few hundred a second to one task the lb ran out of source
	 * ports). A name without tasks gets a server marked down.
	 */
	@Test
	void swarmLbKeepsConnectionsOpenToTheTasksItFindsInDns() throws Exception {
		Set<Integer> connections = ConcurrentHashMap.newKeySet();
		HttpServer webapp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		webapp.createContext("/", (exchange) -> {
			connections.add(exchange.getRemoteAddress().getPort());
			byte[] body = "webapp".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		webapp.start();
		int webappPort = webapp.getAddress().getPort();
		Path directory = Files.createDirectories(this.home.resolve("lb"));
		String upstreams = writeUpstreams(
				"webapp=localhost:" + webappPort
						+ " assets=deepdock-no-such-task.invalid:80 media=deepdock-no-such-task.invalid:80",
				directory.resolve("upstreams.conf"));
		assertThat(upstreams)
			.contains("upstream webapp {\n    zone webapp 64k;\n    server 127.0.0.1:" + webappPort
					+ " max_fails=1 fail_timeout=5s;\n    keepalive 32;\n}")
			.contains("upstream media {\n    zone media 64k;\n    server 127.0.0.1:1 down;");
		int port = freePort();
		String lb = renderForSwarm("lb", Map.of("LB_LISTEN", "127.0.0.1:" + port));
		assertThat(lb).contains("set $webapp http://webapp;")
			.contains("set $assets http://assets;")
			.contains("set $media http://media;")
			.doesNotContain("http://tasks.")
			.doesNotContainPattern("(?m)^\\s*resolver ");
		Files.writeString(directory.resolve("default.conf"), lb);
		Path main = writeStockMain(directory);
		ManagedProcess nginx = this.nginx.start(main, this.home.resolve("nginx.log"), directory);
		try {
			HttpClient client = HttpClient.newHttpClient();
			List<Integer> statuses = new java.util.ArrayList<>();
			for (int i = 0; i < 40; i++) {
				statuses.add(status(client, port, "/api/v1/jobs"));
			}
			assertThat(statuses).containsOnly(200).hasSize(40);
			assertThat(connections).isNotEmpty().hasSizeLessThanOrEqualTo(4);
		}
		finally {
			nginx.requestStop();
			nginx.awaitStop(Duration.ofSeconds(10));
			webapp.stop(0);
		}
	}

	/**
	 * A stock {@code nginx.conf}, as the image's, that includes {@code upstreams.conf}
	 * and {@code default.conf} of {@code directory}.
	 */
	private Path writeStockMain(Path directory) throws IOException {
		Path main = directory.resolve("nginx.conf");
		Files.writeString(main, """
				pid "%1$s/nginx.pid";
				error_log "%1$s/error.log";
				events { worker_connections 64; }
				http {
				    include "%2$s";
				    default_type application/octet-stream;
				    access_log off;
				    include "%1$s/upstreams.conf";
				    include "%1$s/default.conf";
				}
				""".formatted(directory, this.nginx.mimeTypes()));
		return main;
	}

	/**
	 * Runs lb's entrypoint script once ({@code LB_UPSTREAMS_EVERY=0}: no watching) for
	 * {@code spec}, and returns the upstream groups it wrote.
	 */
	private String writeUpstreams(String spec, Path file) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("sh",
				REPOSITORY.resolve("nginx/docker/30-deepdock-upstreams.sh").toString())
			.redirectErrorStream(true)
			.redirectOutput(file.resolveSibling("upstreams-script.log").toFile());
		builder.environment().put("LB_UPSTREAMS", spec);
		builder.environment().put("LB_UPSTREAMS_FILE", file.toString());
		builder.environment().put("LB_UPSTREAMS_EVERY", "0");
		Process script = builder.start();
		assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(script.exitValue()).as(Files.readString(file.resolveSibling("upstreams-script.log"))).isZero();
		return Files.readString(file);
	}

	/**
	 * The template rendered with the role's environment in stack.yml, plus what its
	 * entrypoint script derives from a secret ({@code MEDIA_ACCESS_TOKEN_FILE}).
	 */
	private static String renderForSwarm(String role) throws IOException {
		return renderForSwarm(role, Map.of());
	}

	private static String renderForSwarm(String role, Map<String, String> overrides) throws IOException {
		Map<String, String> values = new LinkedHashMap<>(StackFile.read().environment(role));
		values.putAll(overrides);
		if (values.containsKey("MEDIA_ACCESS_TOKEN_FILE")) {
			values.put("MEDIA_ACCESS_TOKEN", "s3cret");
		}
		Path template = REPOSITORY.resolve("nginx").resolve(role).resolve("default.conf.template");
		return TemplateRenderer.render(role, Files.readString(template), values);
	}

}
