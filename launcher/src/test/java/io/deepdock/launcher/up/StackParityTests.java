package io.deepdock.launcher.up;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.deepdock.launcher.cli.CommandLine;
import io.deepdock.launcher.infrastructure.Endpoints;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.nginx.LocalNginxConfig;
import io.deepdock.launcher.processes.JvmOptions;
import io.deepdock.launcher.processes.ServiceRole;
import io.deepdock.launcher.processes.ServiceSpec;
import io.deepdock.launcher.swarm.StackFile;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stack.yml} and the local topology of {@code ./deepdock up} describe one
 * platform: the same services, environment variables, ports, health endpoints, replica
 * defaults and memory bounds. A change to one without the other fails here.
 */
class StackParityTests {

	/** What the launcher embeds (or is pointed at) instead of running it as a service. */
	private static final Set<String> INFRASTRUCTURE = Set.of("postgres", "rabbitmq");

	/**
	 * Variables only the local run sets, and why: local replicas listen on 127.0.0.1
	 * behind nginx; in a container the service must listen on the overlay network.
	 */
	private static final Set<String> LOCAL_ONLY = Set.of("SERVER_ADDRESS");

	/**
	 * Variables only Swarm sets, and why: the JVM flags that the launcher passes on the
	 * command line (compared in {@link #memoryBoundsAreTheLaunchersAndFitTheLimits}); the
	 * broker's password, which is in the URI locally; the first admin's account, which a
	 * local run creates with its own defaults; the proxies whose forwarded headers a
	 * replica believes, which locally are the default (loopback, where nginx runs) and in
	 * Swarm the backend overlay.
	 */
	private static final Set<String> SWARM_ONLY = Set.of("JAVA_TOOL_OPTIONS", "DEEPDOCK_AMQP_PASSWORD_FILE",
			"DEEPDOCK_ADMIN_USERNAME", "DEEPDOCK_ADMIN_PASSWORD_FILE", "SERVER_TOMCAT_REMOTEIP_INTERNALPROXIES",
			// locally the launcher takes a replica out of nginx before stopping it: no
			// drain
			"DEEPDOCK_SHUTDOWN_DRAINDELAY");

	private static final Pattern RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)");

	private final StackFile stack = StackFile.read();

	@Test
	void stackHasTheLaunchersServicesAndNoOthers() {
		Set<String> local = new TreeSet<>();
		for (ServiceRole role : ServiceRole.values()) {
			local.add(role.id());
		}
		local.addAll(LocalNginxConfig.ROLES);
		local.addAll(INFRASTRUCTURE);

		assertThat(new TreeSet<>(this.stack.services().keySet())).isEqualTo(local);
	}

	@Test
	void everyServiceGetsTheEnvironmentVariablesTheLauncherSets() {
		for (ServiceRole role : ServiceRole.values()) {
			Set<String> local = new TreeSet<>(localEnvironment(role).keySet());
			local.removeAll(LOCAL_ONLY);
			// a secret arrives as a file in Swarm
			if (local.remove("DEEPDOCK_DB_PASSWORD")) {
				local.add("DEEPDOCK_DB_PASSWORD_FILE");
			}
			Set<String> swarm = new TreeSet<>(this.stack.environment(role.id()).keySet());
			swarm.removeAll(SWARM_ONLY);

			assertThat(swarm).as("environment of %s in stack.yml, against the launcher's", role.id()).isEqualTo(local);
		}
	}

	@Test
	void portsAreTheServicesOwnInTheStackTheirImagesAndTheirConfiguration() throws IOException {
		for (ServiceRole role : ServiceRole.values()) {
			String port = Integer.toString(role.port());
			assertThat(this.stack.environment(role.id())).as(role.id()).containsEntry("SERVER_PORT", port);
			assertThat(serverPortOf(role)).as("server.port in %s/src/main/resources/application.yml", role.id())
				.isEqualTo(role.port());
			assertThat(dockerfile(role.id())).contains("SERVER_PORT=" + port).contains("EXPOSE " + port + "\n");
		}
		// lb targets the web port, and publishes the port it listens on
		Map<String, String> lb = this.stack.environment("lb");
		assertThat(lb).containsEntry("WEBAPP_TARGET", "http://webapp")
			.containsEntry("LB_UPSTREAMS", "webapp=tasks.webapp:" + ServiceRole.WEBAPP.port()
					+ " assets=tasks.assets:80 media=tasks.media:80");
		assertThat(lb.get("LB_LISTEN")).isEqualTo(publishedTarget("lb"));
		assertThat(this.stack.environment("assets").get("ASSETS_LISTEN")).isEqualTo("80");
		assertThat(this.stack.environment("media").get("MEDIA_LISTEN")).isEqualTo("80");
		assertThat(lb).containsEntry("ASSETS_TARGET", "http://assets").containsEntry("MEDIA_TARGET", "http://media");
	}

	@Test
	void webReplicasBehindNginxHandDownloadsToTheMediaRoleInBothTopologies() {
		// Swarm always has lb and media in front; locally only when nginx runs
		assertThat(this.stack.environment("webapp")).containsEntry("DEEPDOCK_MEDIA_ACCELREDIRECT", "true");
		assertThat(localEnvironment(ServiceRole.WEBAPP)).containsEntry("DEEPDOCK_MEDIA_ACCELREDIRECT", "true");
		Endpoints endpoints = new Endpoints("jdbc:postgresql://127.0.0.1:5432/deepdock", "postgres", "pw",
				"amqp://guest:guest@127.0.0.1:5672", false);
		assertThat(ServiceEnvironment.of(new LocalTopology.PlannedService("webapp-1", ServiceRole.WEBAPP, 20000),
				endpoints, Path.of("/media"), Path.of("/mnist"), Path.of("/fashion"), false))
			.containsEntry("DEEPDOCK_MEDIA_ACCELREDIRECT", "false");
		// only the web app hands out downloads
		assertThat(this.stack.environment("worker")).doesNotContainKey("DEEPDOCK_MEDIA_ACCELREDIRECT");
	}

	@Test
	void healthchecksAskTheLivenessProbeAndTheLauncherWaitsForReadiness() {
		for (ServiceRole role : ServiceRole.values()) {
			String liveness = "http://127.0.0.1:" + role.port() + ServiceRole.LIVENESS_PATH;
			assertThat(this.stack.healthcheck(role.id())).as(role.id()).contains(liveness);
			assertThat(dockerfile(role.id())).as(role.id())
				.containsPattern("HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD .*" + Pattern.quote(liveness));
			String start = String
				.valueOf(((Map<?, ?>) this.stack.service(role.id()).get("healthcheck")).get("start_period"));
			assertThat(dockerfile(role.id())).as(role.id()).contains("--start-period=" + start);
		}
		assertThat(new ServiceSpec("webapp-1", ServiceRole.WEBAPP, 1234, List.of(), Map.of(), Path.of("log"))
			.readinessUrl()).isEqualTo("http://127.0.0.1:1234" + ServiceRole.READINESS_PATH);
	}

	@Test
	void replicaDefaultsAreTheDesignsInBothTopologies() {
		for (ServiceRole role : ServiceRole.values()) {
			assertThat(this.stack.replicas(role.id())).as(role.id()).isEqualTo(role.swarmReplicas());
		}
		assertThat(CommandLine.DEFAULT_WEB).isEqualTo(ServiceRole.WEBAPP.localReplicas());
		assertThat(CommandLine.DEFAULT_WORKERS).isEqualTo(ServiceRole.WORKER.localReplicas());
		// the design: webapp x4, worker x2, scheduler x1, assets x2, media x2, one lb
		assertThat(this.stack.replicas("webapp")).isEqualTo(4);
		assertThat(this.stack.replicas("worker")).isEqualTo(2);
		assertThat(this.stack.replicas("scheduler")).isEqualTo(1);
		assertThat(this.stack.replicas("assets")).isEqualTo(2);
		assertThat(this.stack.replicas("media")).isEqualTo(2);
		assertThat(this.stack.replicas("lb")).isEqualTo(1);
	}

	/**
	 * The heap is the launcher's -Xmx as a share of the memory limit; ND4J's off-heap
	 * bounds are the launcher's; the whole process stays below the limit. The image
	 * carries the same defaults.
	 */
	@Test
	void memoryBoundsAreTheLaunchersAndFitTheLimits() {
		for (ServiceRole role : ServiceRole.values()) {
			String options = this.stack.environment(role.id()).get("JAVA_TOOL_OPTIONS");
			assertThat(options).as(role.id()).isNotNull();
			long limit = this.stack.memoryLimit(role.id());
			Matcher percentage = RAM_PERCENTAGE.matcher(options);
			assertThat(percentage.find()).as(role.id() + ": " + options).isTrue();
			long heap = limit * Long.parseLong(percentage.group(1)) / 100;
			List<String> local = JvmOptions.of(role, Runtime.Version.parse("17.0.19"), Map.of(), Path.of("/cache"));

			assertThat(heap).as("heap of %s in Swarm", role.id()).isEqualTo(StackFile.bytes(flag(local, "-Xmx")));
			for (String bound : List.of("-Dorg.bytedeco.javacpp.maxbytes=",
					"-Dorg.bytedeco.javacpp.maxphysicalbytes=")) {
				String localValue = local.stream().filter((o) -> o.startsWith(bound)).findFirst().orElse(null);
				String swarmValue = List.of(options.split("\\s+"))
					.stream()
					.filter((o) -> o.startsWith(bound))
					.findFirst()
					.orElse(null);
				assertThat(swarmValue).as("%s of %s", bound, role.id()).isEqualTo(localValue);
			}
			if (role.usesNd4j()) {
				assertThat(StackFile.bytes(role.defaultMaxPhysicalBytes())).as(role.id()).isLessThan(limit);
			}
			assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
			assertThat(local).contains("-XX:+ExitOnOutOfMemoryError");
			if (!role.gcOptions().isEmpty()) {
				assertThat(options.split("\\s+")).as("collector of %s", role.id())
					.containsSubsequence(role.gcOptions());
			}
			else {
				assertThat(options).as(role.id()).doesNotContain("-XX:+Use");
			}
			// the images' JRE (Temurin 17 or Debian's) is newer than 17.0.12: the same
			// trim as
			// the launcher's there
			String trim = "-XX:TrimNativeHeapInterval=";
			assertThat(Stream.of(options.split("\\s+")).filter((o) -> o.startsWith(trim))).as("trim of %s", role.id())
				.containsExactlyElementsOf(local.stream().filter((o) -> o.startsWith(trim)).toList());
			assertThat(local.contains(trim + JvmOptions.TRIM_INTERVAL_MILLIS)).isEqualTo(role.trimsNativeHeap());
			assertThat(dockerfile(role.id())).contains("JAVA_TOOL_OPTIONS=\"" + options.trim() + "\"");
		}
	}

	@Test
	void nativeThreadsAreTheLaunchers() {
		for (ServiceRole role : ServiceRole.values()) {
			String threads = Integer.toString(role.ompThreads());
			assertThat(this.stack.environment(role.id())).as(role.id()).containsEntry("OMP_NUM_THREADS", threads);
			assertThat(dockerfile(role.id())).as(role.id()).contains("OMP_NUM_THREADS=" + threads);
		}
	}

	/**
	 * A stopping worker hands its running job back within
	 * {@code deepdock.jobs.stop-grace}; Swarm must not kill it before.
	 */
	@Test
	void workerStopGracePeriodOutlastsItsGracefulStop() throws IOException {
		String properties = Files
			.readString(StackFile.REPOSITORY.resolve("core/src/main/java/io/deepdock/core/jobs/JobProperties.java"));
		Matcher grace = Pattern.compile("@DefaultValue\\(\"(\\d+)s\"\\)\\s+Duration\\s+stopGrace").matcher(properties);
		assertThat(grace.find()).as("the default of deepdock.jobs.stop-grace in JobProperties").isTrue();

		assertThat(this.stack.stopGraceSeconds("worker")).isGreaterThan(Long.parseLong(grace.group(1)));
	}

	/** Only lb faces the edge: the database and the broker are on the backend alone. */
	@Test
	void onlyLbIsOnBothNetworksAndOnlyLbPublishesAPort() {
		for (String service : this.stack.services().keySet()) {
			List<String> networks = this.stack.networks(service);
			if (service.equals("lb")) {
				assertThat(networks).containsExactlyInAnyOrder("frontend", "backend");
				continue;
			}
			assertThat(networks).as(service).hasSize(1);
			assertThat(this.stack.service(service)).as(service).doesNotContainKey("ports");
		}
		assertThat(this.stack.networks("postgres")).containsExactly("backend");
		assertThat(this.stack.networks("rabbitmq")).containsExactly("backend");
	}

	/** Passwords and tokens come from secrets (files), never from stack.yml itself. */
	@Test
	void noSecretIsWrittenInTheStack() {
		Pattern secretish = Pattern.compile("(?i)(PASSWORD|PASS|TOKEN|SECRET)");
		for (String service : this.stack.services().keySet()) {
			this.stack.environment(service).forEach((key, value) -> {
				if (secretish.matcher(key).find()) {
					assertThat(key).as(service).endsWith("_FILE");
					assertThat(value).as(service + " " + key).startsWith("/run/secrets/");
				}
			});
		}
		Map<?, ?> secrets = (Map<?, ?>) this.stack.root().get("secrets");
		secrets.forEach((name, secret) -> assertThat(((Map<?, ?>) secret).get("external")).as("secret %s", name)
			.isEqualTo(true));
		assertThat(this.stack.environment("webapp")).containsKeys("DEEPDOCK_ADMIN_USERNAME",
				"DEEPDOCK_ADMIN_PASSWORD_FILE");
	}

	/** Swarm mounts the very templates that the local run renders. */
	@Test
	void nginxConfigsAreTheTemplatesTheLocalRunRenders() {
		Layout layout = new Layout(StackFile.REPOSITORY, StackFile.REPOSITORY.resolve(".deepdock"));
		Map<?, ?> configs = (Map<?, ?>) this.stack.root().get("configs");
		for (String role : LocalNginxConfig.ROLES) {
			Map<?, ?> config = (Map<?, ?>) configs.get(role + "_template");
			assertThat(StackFile.REPOSITORY.resolve(String.valueOf(config.get("file"))).normalize())
				.isEqualTo(layout.nginxTemplate(role));
			assertThat(String.valueOf(config.get("name"))).matches("deepdock_" + role + "_template_v\\d+");
			assertThat(dockerfile("nginx/" + role))
				.contains("COPY nginx/" + role + "/default.conf.template /etc/nginx/templates/default.conf.template");
		}
	}

	private static Map<String, String> localEnvironment(ServiceRole role) {
		Endpoints endpoints = new Endpoints("jdbc:postgresql://127.0.0.1:5432/deepdock", "postgres", "pw",
				"amqp://guest:guest@127.0.0.1:5672", false);
		return new LinkedHashMap<>(
				ServiceEnvironment.of(new LocalTopology.PlannedService(role.id() + "-1", role, 20000), endpoints,
						Path.of("/media"), Path.of("/mnist"), Path.of("/fashion"), true));
	}

	private static String flag(List<String> options, String prefix) {
		return options.stream()
			.filter((option) -> option.startsWith(prefix))
			.map((option) -> option.substring(prefix.length()))
			.findFirst()
			.orElseThrow();
	}

	private String publishedTarget(String service) {
		List<?> ports = (List<?>) this.stack.service(service).get("ports");
		return String.valueOf(((Map<?, ?>) ports.get(0)).get("target"));
	}

	private static int serverPortOf(ServiceRole role) throws IOException {
		try (Reader reader = Files
			.newBufferedReader(StackFile.REPOSITORY.resolve(role.id()).resolve("src/main/resources/application.yml"))) {
			Map<?, ?> yaml = new Yaml(new LoaderOptions()).load(reader);
			return ((Number) ((Map<?, ?>) yaml.get("server")).get("port")).intValue();
		}
	}

	static String dockerfile(String directory) {
		try {
			return Files.readString(StackFile.REPOSITORY.resolve(directory).resolve("Dockerfile"));
		}
		catch (IOException ex) {
			throw new AssertionError("no Dockerfile in " + directory, ex);
		}
	}

}
