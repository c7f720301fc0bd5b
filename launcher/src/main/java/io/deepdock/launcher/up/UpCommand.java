package io.deepdock.launcher.up;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.deepdock.embedded.FreePorts;
import io.deepdock.launcher.DeepdockException;
import io.deepdock.launcher.cli.Invocation;
import io.deepdock.launcher.control.Leftovers;
import io.deepdock.launcher.control.RolloutChannel;
import io.deepdock.launcher.infrastructure.Endpoints;
import io.deepdock.launcher.infrastructure.Infrastructure;
import io.deepdock.launcher.layout.Layout;
import io.deepdock.launcher.nginx.LocalNginxConfig;
import io.deepdock.launcher.nginx.Nginx;
import io.deepdock.launcher.nginx.NginxWorkers;
import io.deepdock.launcher.processes.ConsoleEcho;
import io.deepdock.launcher.processes.HealthProbe;
import io.deepdock.launcher.processes.JvmOptions;
import io.deepdock.launcher.processes.LogTail;
import io.deepdock.launcher.processes.ManagedProcess;
import io.deepdock.launcher.processes.ServiceRole;
import io.deepdock.launcher.processes.ServiceSpec;
import io.deepdock.launcher.sources.DataSources;
import io.deepdock.launcher.state.InstanceLock;
import io.deepdock.launcher.state.RunState;
import io.deepdock.launcher.state.StateFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./deepdock up}: the local twin of the Swarm stack. Embedded (or external)
 * PostgreSQL and AMQP broker, N webapps, M workers and a scheduler as JVM processes on
 * 127.0.0.1, nginx in front when it is installed; waits until all are ready, then runs
 * until Ctrl-C or {@code ./deepdock down}.
 */
public final class UpCommand {

	private static final Logger log = LoggerFactory.getLogger(UpCommand.class);

	static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(180);

	private static final int QUOTED_LINES = 20;

	/** How often the wait for readiness says what it still waits for. */
	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

	private static final String NGINX = "nginx";

	private final Layout layout;

	private final Map<String, String> environment;

	/** The web app's first admin, once {@code up} resolved it. */
	private volatile AdminAccount admin;

	private final PrintStream console;

	private final HealthProbe health = new HealthProbe();

	private final StopSignal stop = new StopSignal();

	/** What a rollout needs, set once everything is up. */
	private final List<WebappRollout.Replica> webapps = new ArrayList<>();

	private Function<LocalTopology.PlannedService, ServiceSpec> specs;

	/** Each service by name, with its port now (a rollout moves a web replica). */
	private final Map<String, LocalTopology.PlannedService> planned = new LinkedHashMap<>();

	private ConsoleEcho echo;

	private Nginx nginxBinary;

	private ManagedProcess nginxProcess;

	/**
	 * As whom nginx's workers run; its runtime directory goes when the launcher stops.
	 */
	private NginxWorkers nginxWorkers;

	private LocalNginxConfig nginxConfig;

	private Path nginxConfigFile;

	private Set<Integer> reservedPorts = Set.of();

	private Duration readyTimeout = DEFAULT_READY_TIMEOUT;

	public UpCommand(Layout layout, Map<String, String> environment, PrintStream console) {
		this.layout = layout;
		this.environment = environment;
		this.console = console;
	}

	/**
	 * @return the exit code
	 */
	public int run(Invocation.Up up) {
		this.layout.createDirectories();
		Optional<InstanceLock> lock = InstanceLock.tryAcquire(this.layout.lockFile());
		if (lock.isEmpty()) {
			throw alreadyRunning();
		}
		try (InstanceLock held = lock.get()) {
			LauncherLog.to(this.layout.log("launcher"));
			return runLocked(up);
		}
	}

	private DeepdockException alreadyRunning() {
		Optional<RunState> state = new StateFile(this.layout.stateFile()).read();
		String detail = state.map((s) -> " (launcher pid " + s.launcherPid() + ", " + s.url() + ")").orElse("");
		return new DeepdockException("deepdock is already running from " + this.layout.home() + detail
				+ ". Stop it first with ./deepdock down, or start another one with --home DIR and another --port.");
	}

	private int runLocked(Invocation.Up up) {
		stopLeftovers();
		checkPortIsFree(up.port());
		List<ServiceRole> roles = new ArrayList<>(List.of(ServiceRole.WEBAPP, ServiceRole.SCHEDULER));
		if (up.workers() > 0) {
			roles.add(ServiceRole.WORKER);
		}
		checkJars(roles);
		Optional<Nginx> nginx = up.nginx() ? Nginx.find(this.environment) : Optional.empty();
		if (up.nginx() && nginx.isEmpty()) {
			log.warn("nginx is not installed: the web replicas run without a load balancer in front "
					+ "(install it with: apt-get install nginx-light)");
		}
		DataSources sources = new DataSources(this.environment);
		Path mnist = sources.mnist(this.layout.sources());
		Path fashion = sources.fashion();

		StateFile stateFile = new StateFile(this.layout.stateFile());
		RunningPlatform platform = new RunningPlatform(Duration.ofSeconds(30));
		this.stop.install(platform::kill);
		Instant started = Instant.now();
		// the services' warnings and errors only, unless DEEPDOCK_CONSOLE=all
		try (ConsoleEcho echo = new ConsoleEcho(this.console,
				"all".equalsIgnoreCase(this.environment.getOrDefault("DEEPDOCK_CONSOLE", "")))) {
			try {
				RunState state = start(up, nginx, mnist, fashion, platform, echo, started);
				if (state == null) {
					return 130; // stopped while starting
				}
				stateFile.write(state);
				log.info("Everything is ready; serving {} (state in {})", state.url(), this.layout.home());
				printSummary(state, nginx.isPresent(), up.nginx(), Duration.between(started, Instant.now()));
				watch(platform, state);
				return 0;
			}
			catch (DeepdockException ex) {
				log.error(ex.getMessage());
				return 1;
			}
			finally {
				platform.stop();
				if (this.nginxWorkers != null) {
					this.nginxWorkers.removeRuntime();
				}
				stateFile.delete();
				log.info("deepdock stopped");
			}
		}
	}

	/**
	 * @return the state once everything is ready, or null when a stop came first
	 */
	private RunState start(Invocation.Up up, Optional<Nginx> nginx, Path mnist, Path fashion, RunningPlatform platform,
			ConsoleEcho echo, Instant started) {
		AdminAccount admin = AdminAccount.resolve(this.environment, this.layout.adminPasswordFile());
		this.admin = admin;
		Infrastructure infrastructure = Infrastructure.start(this.layout, this.environment);
		platform.infrastructure(infrastructure);
		Endpoints endpoints = infrastructure.endpoints();
		if (this.stop.isRequested()) {
			return null;
		}
		Set<Integer> reserved = new LinkedHashSet<>();
		reserved.add(up.port());
		int assetsPort = 0;
		int mediaPort = 0;
		NginxWorkers workers = null;
		if (nginx.isPresent()) {
			workers = nginxWorkers();
			this.nginxWorkers = workers;
			assetsPort = LocalTopology.distinct(FreePorts::find, reserved);
			mediaPort = LocalTopology.distinct(FreePorts::find, reserved);
		}
		List<LocalTopology.PlannedService> plan = LocalTopology.plan(up.web(), up.workers(),
				nginx.isPresent() ? 0 : up.port(), reserved, FreePorts::find);

		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Runtime.Version javaVersion = Runtime.version();
		Path javacppCache = javacppCache();
		boolean mediaThroughNginx = workers == null || workers.servesMedia();
		this.specs = (planned) -> {
			List<String> command = new ArrayList<>();
			command.add(java.toString());
			command.addAll(JvmOptions.of(planned.role(), javaVersion, this.environment, javacppCache));
			command.add("-jar");
			command.add(this.layout.jar(planned.role().id()).toString());
			// nginx sends media downloads only when its workers can read the media files
			Map<String, String> environment = ServiceEnvironment.of(planned, endpoints, this.layout.media(), mnist,
					fashion, nginx.isPresent() && mediaThroughNginx);
			if (planned.role() == ServiceRole.WEBAPP) {
				environment.putAll(admin.environment());
			}
			return new ServiceSpec(planned.name(), planned.role(), planned.port(), command, environment,
					this.layout.log(planned.name()));
		};
		this.echo = echo;
		List<RunState.Service> services = new ArrayList<>();
		Map<String, String> readiness = new LinkedHashMap<>();
		for (LocalTopology.PlannedService planned : plan) {
			ServiceSpec spec = this.specs.apply(planned);
			ManagedProcess process = startService(spec);
			platform.service(process);
			this.planned.put(planned.name(), planned);
			services.add(serviceState(spec, process));
			readiness.put(spec.name(), spec.readinessUrl());
			if (planned.role() == ServiceRole.WEBAPP) {
				this.webapps.add(new WebappRollout.Replica(planned.name(), planned.port(), process));
			}
		}
		String url = "http://127.0.0.1:" + up.port() + "/";
		RunState state = new RunState(ProcessHandle.current().pid(), started.toString(), RunState.STARTING, url,
				this.layout.home().toString(),
				new RunState.Infrastructure(endpoints.external() ? "external" : "embedded", endpoints.jdbcAddress(),
						endpoints.amqpAddress(), infrastructure.postgresPid(this.layout)),
				null, services);
		StateFile stateFile = new StateFile(this.layout.stateFile());
		stateFile.write(state);
		log.info("Started {}; waiting for them to be ready", String.join(", ", readiness.keySet()));
		Duration timeout = (up.readyTimeout() != null) ? up.readyTimeout() : configuredTimeout();
		this.readyTimeout = timeout;
		Set<Integer> allPorts = new LinkedHashSet<>(reserved);
		plan.forEach((planned) -> allPorts.add(planned.port()));
		this.reservedPorts = allPorts;
		Instant deadline = Instant.now().plus(timeout);
		if (!awaitReady(deadline, timeout, platform, readiness)) {
			return null;
		}
		if (nginx.isPresent()) {
			// started once the replicas answer, so that it never marks them failed while
			// they boot
			List<Integer> webappPorts = plan.stream()
				.filter((planned) -> planned.role() == ServiceRole.WEBAPP)
				.map(LocalTopology.PlannedService::port)
				.toList();
			LocalNginxConfig config = new LocalNginxConfig(up.port(), assetsPort, mediaPort, webappPorts, Set.of(),
					newToken(), workers);
			Path configFile = config.write(this.layout, nginx.get().mimeTypes());
			nginx.get().test(configFile);
			Path errorLog = this.layout.nginx().resolve("error.log");
			// its stderr and its error_log are one file: early failures (a busy port)
			// land there too
			ManagedProcess process = nginx.get().start(configFile, errorLog, this.layout.nginx());
			platform.nginx(process);
			echo.follow("nginx", errorLog);
			this.nginxBinary = nginx.get();
			this.nginxProcess = process;
			this.nginxConfig = config;
			this.nginxConfigFile = configFile;
			state = new RunState(state.launcherPid(), state.startedAt(), state.phase(), url, state.home(),
					state.infrastructure(), new RunState.Nginx(process.pid(), up.port(), assetsPort, mediaPort,
							configFile.toString(), errorLog.toString()),
					services);
			stateFile.write(state);
			if (!awaitReady(deadline, timeout, platform, Map.of("nginx", url + "actuator/health/readiness"))) {
				return null;
			}
		}
		return state.withPhase(RunState.UP, url);
	}

	private boolean awaitReady(Instant deadline, Duration timeout, RunningPlatform platform,
			Map<String, String> readiness) {
		Map<String, String> waiting = new LinkedHashMap<>(readiness);
		Instant since = Instant.now();
		Instant nextProgress = since.plus(PROGRESS_EVERY);
		while (!waiting.isEmpty()) {
			for (ManagedProcess process : platform.processes()) {
				if (!process.isAlive()) {
					throw new DeepdockException(process.name() + " exited with code " + process.exitValue()
							+ " before it was ready. Its log " + process.log() + " ends with:\n"
							+ LogTail.quote(process.log(), QUOTED_LINES));
				}
			}
			waiting.entrySet().removeIf((entry) -> {
				boolean ready = this.health.isUp(entry.getValue());
				if (ready) {
					log.info("{} is ready", entry.getKey());
				}
				return ready;
			});
			if (waiting.isEmpty()) {
				return true;
			}
			if (Instant.now().isAfter(deadline)) {
				StringBuilder message = new StringBuilder(
						"not ready within " + timeout.toSeconds() + " s: " + String.join(", ", waiting.keySet())
								+ " (raise the limit with --timeout or DEEPDOCK_READY_TIMEOUT).");
				for (ManagedProcess process : platform.services()) {
					if (waiting.containsKey(process.name())) {
						message.append("\n")
							.append(process.name())
							.append(": ")
							.append(this.health.status(readiness.get(process.name())))
							.append("; its log ")
							.append(process.log())
							.append(" ends with:\n")
							.append(LogTail.quote(process.log(), QUOTED_LINES));
					}
				}
				throw new DeepdockException(message.toString().stripTrailing());
			}
			if (Instant.now().isAfter(nextProgress)) {
				// the services' INFO lines no longer reach the console: say what is
				// awaited
				log.info("waiting for {} to be ready ({} s of at most {} s; ./deepdock logs NAME -f shows one)",
						String.join(", ", waiting.keySet()), Duration.between(since, Instant.now()).toSeconds(),
						Duration.between(since, deadline).toSeconds());
				nextProgress = Instant.now().plus(PROGRESS_EVERY);
			}
			if (this.stop.await(Duration.ofMillis(500))) {
				return false;
			}
		}
		return true;
	}

	private ManagedProcess startService(ServiceSpec spec) {
		ManagedProcess process = ManagedProcess.start(spec.name(), spec.command(), spec.environment(), spec.log(),
				this.layout.repository());
		this.echo.follow(spec.name(), spec.log());
		return process;
	}

	private static RunState.Service serviceState(ServiceSpec spec, ManagedProcess process) {
		return new RunState.Service(spec.name(), spec.role().id(), process.pid(), spec.port(), spec.log().toString(),
				spec.healthUrl());
	}

	/**
	 * Runs until a stop is requested, restarting a service that dies on the way
	 * ({@link Supervisor}) and carrying out the rollouts that {@code ./deepdock rollout}
	 * asks for. Both run on this thread, so a restart never meets a rollout; once a stop
	 * is requested nothing is restarted.
	 */
	private void watch(RunningPlatform platform, RunState upState) {
		RolloutChannel rollouts = new RolloutChannel(this.layout.run());
		RunState[] state = { upState };
		Supervisor supervisor = new Supervisor(new Supervisor.Services() {

			@Override
			public Map<String, ManagedProcess> current() {
				Map<String, ManagedProcess> current = new LinkedHashMap<>();
				platform.services().forEach((process) -> current.put(process.name(), process));
				if (UpCommand.this.nginxProcess != null) {
					current.put(NGINX, UpCommand.this.nginxProcess);
				}
				return current;
			}

			@Override
			public ManagedProcess restart(String name, ManagedProcess dead) {
				state[0] = restartService(name, dead, platform, state[0]);
				return name.equals(NGINX) ? UpCommand.this.nginxProcess
						: platform.services().stream().filter((p) -> p.name().equals(name)).findFirst().orElseThrow();
			}

			@Override
			public boolean isReady(String name) {
				String url = name.equals(NGINX) ? state[0].url() + "actuator/health/readiness"
						: "http://127.0.0.1:" + UpCommand.this.planned.get(name).port() + ServiceRole.READINESS_PATH;
				return UpCommand.this.health.isUp(url);
			}

		});
		while (!this.stop.await(Duration.ofMillis(500))) {
			supervisor.check(Instant.now());
			rollouts.take().ifPresent((request) -> state[0] = rollout(request, rollouts, platform, state[0]));
		}
	}

	/**
	 * Starts a service anew in a dead one's place, on the same port, and records its pid.
	 * @return the state with the new pid
	 */
	private RunState restartService(String name, ManagedProcess dead, RunningPlatform platform, RunState state) {
		StateFile stateFile = new StateFile(this.layout.stateFile());
		if (name.equals(NGINX)) {
			ManagedProcess process = this.nginxBinary.start(this.nginxConfigFile, dead.log(), this.layout.nginx());
			platform.nginx(process);
			this.nginxProcess = process;
			RunState restarted = state.withNginxPid(process.pid());
			stateFile.write(restarted);
			return restarted;
		}
		LocalTopology.PlannedService planned = this.planned.get(name);
		ManagedProcess process = startService(this.specs.apply(planned));
		platform.remove(dead);
		platform.service(process);
		for (int i = 0; i < this.webapps.size(); i++) {
			if (this.webapps.get(i).name().equals(name)) {
				this.webapps.set(i, new WebappRollout.Replica(name, planned.port(), process));
			}
		}
		RunState restarted = state.withService(name, process.pid(), planned.port(),
				"http://127.0.0.1:" + planned.port() + "/actuator/health");
		stateFile.write(restarted);
		return restarted;
	}

	/**
	 * @return the state after the rollout, with the successors' pids and ports
	 */
	private RunState rollout(RolloutChannel.Request request, RolloutChannel channel, RunningPlatform platform,
			RunState state) {
		RunState[] current = { state };
		Consumer<String> progress = (line) -> {
			log.info("rollout: {}", line);
			channel.progress(request.id(), line);
		};
		try {
			if (!ServiceRole.WEBAPP.id().equals(request.role())) {
				throw new DeepdockException("only webapp replicas can be rolled out, not " + request.role());
			}
			if (this.nginxProcess == null) {
				throw new DeepdockException("a rollout needs nginx in front of the web replicas to drain them; "
						+ "this platform runs without it");
			}
			progress.accept("rolling out " + this.webapps.size() + " web replicas, one at a time");
			WebappRollout.Replicas replicas = new WebappRollout.Replicas() {

				@Override
				public ManagedProcess start(LocalTopology.PlannedService planned) {
					ManagedProcess process = startService(UpCommand.this.specs.apply(planned));
					platform.service(process);
					return process;
				}

				@Override
				public void retire(ManagedProcess process) {
					platform.remove(process);
				}

			};
			WebappRollout rollout = new WebappRollout(this.nginxBinary, this.nginxProcess, this.nginxConfig,
					this.layout, replicas, this.stop::isRequested, this.health, this.readyTimeout, progress);
			try {
				rollout.run(List.copyOf(this.webapps), this.reservedPorts, (old, successor) -> {
					this.webapps.set(this.webapps.indexOf(old), successor);
					this.planned.put(old.name(),
							new LocalTopology.PlannedService(old.name(), ServiceRole.WEBAPP, successor.port()));
					current[0] = current[0].withService(old.name(), successor.process().pid(), successor.port(),
							"http://127.0.0.1:" + successor.port() + "/actuator/health");
					new StateFile(this.layout.stateFile()).write(current[0]);
				});
			}
			finally {
				this.nginxConfig = rollout.config();
			}
			channel.finish(request.id(), RolloutChannel.OK);
		}
		catch (DeepdockException | UncheckedIOException ex) {
			log.error("rollout failed: {}", ex.getMessage());
			channel.progress(request.id(), ex.getMessage());
			channel.finish(request.id(), "FAILED: " + ex.getMessage().lines().findFirst().orElse(""));
		}
		return current[0];
	}

	private void printSummary(RunState state, boolean withNginx, boolean nginxWanted, Duration took) {
		StringBuilder out = new StringBuilder("\n");
		out.append("deepdock is up: ").append(state.url()).append("\n");
		if (!withNginx) {
			out.append(nginxWanted ? "  nginx is not installed (apt-get install nginx-light): "
					: "  started with --no-nginx: ")
				.append("this is webapp-1 alone; the other replicas are listed below.\n");
		}
		out.append(String.format("  ready in %.1f s; state in %s%n", took.toMillis() / 1000.0,
				display(Path.of(state.home()))));
		out.append(String.format("  %-12s %8s %6s  %s%n", "SERVICE", "PID", "PORT", "LOG"));
		if (state.nginx() != null) {
			out.append(String.format("  %-12s %8d %6d  %s%n", "nginx", state.nginx().pid(), state.nginx().port(),
					display(Path.of(state.nginx().errorLog()))));
		}
		for (RunState.Service service : state.services()) {
			out.append(String.format("  %-12s %8d %6d  %s%n", service.name(), service.pid(), service.port(),
					display(Path.of(service.log()))));
		}
		out.append(String.format("  %-12s %s%n", "postgres", state.infrastructure().database()));
		out.append(String.format("  %-12s %s (%s)%n", "amqp", state.infrastructure().broker(),
				state.infrastructure().mode()));
		AdminAccount admin = this.admin;
		if (admin != null) {
			if (admin.password() != null) {
				out.append(String.format("  log in as '%s' with password %s (kept in %s)%n", admin.username(),
						admin.password(), display(Path.of(admin.source()))));
			}
			else {
				out.append(String.format("  log in as '%s' with the password from %s%n", admin.username(),
						admin.source()));
			}
		}
		out.append("Stop with Ctrl-C or ./deepdock down; ./deepdock status shows health.\n");
		this.console.print(out);
		this.console.flush();
	}

	/** A launcher that died left its state behind, and maybe processes that still run. */
	private void stopLeftovers() {
		StateFile stateFile = new StateFile(this.layout.stateFile());
		Optional<RunState> stale = stateFile.read();
		if (stale.isPresent()) {
			List<String> stopped = Leftovers.stop(stale.get());
			if (!stopped.isEmpty()) {
				log.warn("The previous launcher (pid {}) died without stopping {}; stopped them now",
						stale.get().launcherPid(), String.join(", ", stopped));
			}
			stateFile.delete();
		}
	}

	private void checkPortIsFree(int port) {
		if (FreePorts.isBusy(port)) {
			throw new DeepdockException("port " + port + " on 127.0.0.1 is already in use. Stop what listens there, "
					+ "or choose another port with --port.");
		}
	}

	private void checkJars(List<ServiceRole> roles) {
		List<String> missing = new ArrayList<>();
		for (ServiceRole role : roles) {
			if (!Files.isRegularFile(this.layout.jar(role.id()))) {
				missing.add(this.layout.jar(role.id()).toString());
			}
		}
		if (!missing.isEmpty()) {
			throw new DeepdockException("missing " + String.join(", ", missing)
					+ ". Build them with ./mvnw -B package -DskipTests (./deepdock does it unless DEEPDOCK_NO_BUILD=1).");
		}
	}

	private Duration configuredTimeout() {
		String value = this.environment.get("DEEPDOCK_READY_TIMEOUT");
		if (value == null || value.isBlank()) {
			return DEFAULT_READY_TIMEOUT;
		}
		try {
			return Duration.ofSeconds(Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			throw new DeepdockException("DEEPDOCK_READY_TIMEOUT must be a number of seconds, not '" + value + "'");
		}
	}

	private Path javacppCache() {
		String configured = this.environment.get("DEEPDOCK_JAVACPP_CACHE");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		// shared with the tests' JVMs (see the root pom): the natives are unpacked once
		return Path.of(System.getProperty("user.home"), ".javacpp", "cache");
	}

	private static String newToken() {
		byte[] bytes = new byte[16];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	/**
	 * As whom nginx's workers run: the launcher's user, or {@code nobody} when the
	 * launcher is root, never root; what {@code nobody} cannot reach is worked around
	 * ({@link NginxWorkers}).
	 */
	private NginxWorkers nginxWorkers() {
		if (!isRoot()) {
			return null;
		}
		try {
			return NginxWorkers.unprivileged(this.layout, Path.of(System.getProperty("java.io.tmpdir")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot prepare what nginx's workers (as nobody) read", ex);
		}
	}

	private static String display(Path path) {
		Path here = Path.of("").toAbsolutePath();
		return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
	}

}
