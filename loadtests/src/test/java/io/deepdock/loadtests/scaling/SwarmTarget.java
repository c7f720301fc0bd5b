package io.deepdock.loadtests.scaling;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The stack that {@code ./deepdock swarm up} deployed: {@code ./deepdock swarm scale
 * webapp=N} (which runs {@code docker service scale}, and waits until the tasks run),
 * then CPU and memory per container from {@code docker stats}, sampled during the held
 * load; a web task's memory is its JVM's RSS ({@code VmRSS} of the container's PID 1),
 * because docker's figure also counts the page cache of the uploads the task wrote. Each
 * web task's CPU limit comes from {@code stack.yml}, or from {@code --web-cpus}
 * ({@code docker service update --limit-cpu}, before the first step). On a Swarm of
 * several nodes on this host ({@code ./deepdock swarm up --nodes N}) every {@code docker}
 * command goes to the manager node's engine, and {@code docker stats} is read from every
 * node's engine: each node's containers are only in its own.
 */
final class SwarmTarget implements ScalingTarget {

	private final Path root;

	private final LoadtestOptions options;

	private boolean limited;

	/** {@code DOCKER_HOST} of the manager's engine, or null: this host's engine. */
	private final String manager;

	/** The engines whose containers are sampled: null for this host's. */
	private final List<String> engines;

	SwarmTarget(Path root, LoadtestOptions options) throws IOException {
		this.root = root;
		this.options = options;
		Path nodesEnv = options.home().resolve("swarm/nodes.env");
		Map<String, String> nodes = Files.isRegularFile(nodesEnv) ? nodesEnv(Files.readString(nodesEnv)) : Map.of();
		this.manager = nodes.get("DOCKER_HOST");
		this.engines = engines(options.home().resolve("swarm/nodes"), nodes);
	}

	/** {@code KEY=VALUE} lines, as {@code swarm/swarm.sh} writes {@code nodes.env}. */
	static Map<String, String> nodesEnv(String text) throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(text));
		Map<String, String> values = new LinkedHashMap<>();
		properties.stringPropertyNames().forEach((key) -> values.put(key, properties.getProperty(key).strip()));
		return values;
	}

	/**
	 * Every node's engine ({@code unix://<nodes>/deepdock-node-<i>/docker.sock}, as
	 * {@code swarm/swarm.sh} starts them), or this host's alone for a single-node Swarm.
	 */
	static List<String> engines(Path nodesDir, Map<String, String> nodesEnv) {
		String count = nodesEnv.getOrDefault("DEEPDOCK_NODES", "");
		if (!count.matches("\\d+") || Integer.parseInt(count) < 2) {
			return java.util.Collections.singletonList(null);
		}
		List<String> engines = new ArrayList<>();
		for (int i = 1; i <= Integer.parseInt(count); i++) {
			engines.add("unix://" + nodesDir.resolve("deepdock-node-" + i).resolve("docker.sock").toAbsolutePath());
		}
		return engines;
	}

	private static String webService() {
		return System.getenv().getOrDefault("DEEPDOCK_STACK", "deepdock") + "_webapp";
	}

	@Override
	public Deployment scale(int replicas) throws Exception {
		if (this.options.webCpus() > 0 && !this.limited) {
			// every task restarts with the limit (the stack's update order: start-first,
			// so the lb keeps serving); --detach=false waits until they all run
			System.out.println("  docker service update --limit-cpu " + this.options.webCpus() + " " + webService());
			run(Duration.ofMinutes(15), "docker", "service", "update", "--detach=false", "--quiet", "--limit-cpu",
					Double.toString(this.options.webCpus()), webService());
			this.limited = true;
		}
		run(Duration.ofMinutes(5), this.root.resolve("deepdock").toString(), "swarm", "scale", "webapp=" + replicas);
		String url = "http://127.0.0.1:" + this.options.port() + "/";
		awaitRunning(replicas, Duration.ofMinutes(5));
		return new Deployment() {

			@Override
			public String url() {
				return url;
			}

			@Override
			public String adminPassword() throws IOException {
				return Files.readString(SwarmTarget.this.options.home().resolve("swarm/secrets/admin_password"))
					.strip();
			}

			@Override
			public LoadtestCommand.Sampled sample(Duration length) throws Exception {
				ProcessSampler sampler = new ProcessSampler();
				Map<String, Long> self = LoadtestCommand.withLoadGenerator(Map.of());
				Map<String, Long> before = sampler.ticks(self);
				long machineBefore = sampler.machineBusyTicks();
				long started = System.nanoTime();
				// docker stats averages over its own short window: take one in the middle
				// of the held load
				Thread.sleep(length.toMillis() / 2);
				StringBuilder stats = new StringBuilder();
				Map<String, Long> jvmRss = new LinkedHashMap<>();
				for (String engine : SwarmTarget.this.engines) {
					String lines = runOn(engine, Duration.ofMinutes(1), "docker", "stats", "--no-stream", "--format",
							"{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}");
					stats.append(lines).append('\n');
					// docker stats' memory is the cgroup's, the page cache of the
					// task's uploads included: a web task's RSS is read from its JVM
					for (Map.Entry<String, String> task : webTasks(lines).entrySet()) {
						try {
							jvmRss.put(task.getKey(), vmRssBytes(runOn(engine, Duration.ofMinutes(1), "docker", "exec",
									task.getValue(), "cat", "/proc/1/status")));
						}
						catch (IllegalStateException ex) {
							// the task went away since the stats: keep docker's figure
						}
					}
				}
				Map<String, ProcessSampler.Usage> usage = new LinkedHashMap<>(parseStats(stats.toString()));
				jvmRss.forEach((part, rss) -> usage.computeIfPresent(part,
						(name, used) -> new ProcessSampler.Usage(used.cores(), rss)));
				Thread.sleep(length.toMillis() / 2);
				double seconds = (System.nanoTime() - started) / 1e9;
				Map<String, Long> after = sampler.ticks(self);
				usage.putAll(ProcessSampler.usage(before, after, sampler.rss(self), seconds));
				return new LoadtestCommand.Sampled(usage,
						(sampler.machineBusyTicks() - machineBefore) / ProcessSampler.TICKS_PER_SECOND / seconds);
			}

			@Override
			public void close() {
				// the stack stays deployed: the next step scales it
			}

		};
	}

	@Override
	public String describe() throws Exception {
		String nanos = run(Duration.ofMinutes(1), "docker", "service", "inspect", "--format",
				"{{.Spec.TaskTemplate.Resources.Limits.NanoCPUs}}", webService())
			.strip();
		return describeLimit(nanos);
	}

	/**
	 * {@code docker service inspect}'s NanoCPUs of the web service as the title's words.
	 */
	static String describeLimit(String nanoCpus) {
		long nanos = nanoCpus.matches("\\d+") ? Long.parseLong(nanoCpus) : 0;
		return (nanos > 0)
				? "each web task limited to "
						+ java.math.BigDecimal.valueOf(nanos / 1e9).stripTrailingZeros().toPlainString() + " CPU"
				: "web tasks without a CPU limit";
	}

	/**
	 * {@code docker stats} lines ({@code deepdock_webapp.2.x1y2\t85.3%\t412MiB / 1GiB})
	 * as the report's parts: {@code webapp-2}, {@code nginx} (the lb), {@code postgres},
	 * ....
	 */
	static Map<String, ProcessSampler.Usage> parseStats(String output) {
		Map<String, ProcessSampler.Usage> usage = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			String[] fields = line.strip().split("\t");
			if (fields.length < 3 || !fields[0].contains("_")) {
				continue;
			}
			String part = part(fields[0]);
			double cores = Double.parseDouble(fields[1].replace("%", "").strip()) / 100;
			long rss = bytes(fields[2].split("/")[0].strip());
			ProcessSampler.Usage previous = usage.get(part);
			usage.put(part, (previous == null) ? new ProcessSampler.Usage(cores, rss)
					: new ProcessSampler.Usage(previous.cores() + cores, previous.rssBytes() + rss));
		}
		return usage;
	}

	/**
	 * The report's part of a task's container ({@code deepdock_webapp.2.x1y2}:
	 * {@code webapp-2}).
	 */
	private static String part(String container) {
		String[] task = container.substring(container.indexOf('_') + 1).split("\\.");
		return switch (task[0]) {
			case "lb" -> "nginx";
			case "webapp" -> "webapp-" + ((task.length > 1) ? task[1] : "1");
			default -> task[0];
		};
	}

	/** The web tasks' containers in {@code docker stats} lines, by the report's part. */
	static Map<String, String> webTasks(String output) {
		Map<String, String> tasks = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			String container = line.strip().split("\t")[0];
			if (container.contains("_") && part(container).startsWith("webapp-")) {
				tasks.put(part(container), container);
			}
		}
		return tasks;
	}

	/** {@code VmRSS} of a {@code /proc/PID/status}, in bytes. */
	static long vmRssBytes(String status) {
		return status.lines()
			.filter((line) -> line.startsWith("VmRSS:"))
			.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no VmRSS in " + status));
	}

	/** {@code 412.5MiB}, {@code 1.2GiB}, {@code 900KiB}, {@code 12B}. */
	static long bytes(String text) {
		String value = text.strip();
		Map<String, Double> units = Map.of("KIB", 1024.0, "MIB", 1024.0 * 1024, "GIB", 1024.0 * 1024 * 1024, "KB", 1e3,
				"MB", 1e6, "GB", 1e9, "B", 1.0);
		for (String unit : List.of("KIB", "MIB", "GIB", "KB", "MB", "GB", "B")) {
			if (value.toUpperCase(Locale.ROOT).endsWith(unit)) {
				return Math
					.round(Double.parseDouble(value.substring(0, value.length() - unit.length())) * units.get(unit));
			}
		}
		return 0;
	}

	private void awaitRunning(int replicas, Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			String running = run(Duration.ofMinutes(1), "docker", "service", "ps", webService(), "--filter",
					"desired-state=running", "--format", "{{.CurrentState}}");
			long count = running.lines().filter((line) -> line.startsWith("Running")).count();
			if (count == replicas) {
				return;
			}
			Thread.sleep(2000);
		}
		throw new IllegalStateException(replicas + " web tasks were not running after " + timeout);
	}

	/** A command against the Swarm's manager (this host's engine, or node 1's). */
	private String run(Duration timeout, String... command) throws IOException, InterruptedException {
		return runOn(this.manager, timeout, command);
	}

	/** A command with {@code DOCKER_HOST} set to {@code engine} (null: as inherited). */
	private String runOn(String engine, Duration timeout, String... command) throws IOException, InterruptedException {
		List<String> args = new ArrayList<>(List.of(command));
		ProcessBuilder builder = new ProcessBuilder(args).directory(this.root.toFile()).redirectErrorStream(true);
		if (engine != null) {
			builder.environment().put("DOCKER_HOST", engine);
		}
		Process process = builder.start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(
					String.join(" ", args) + " failed: " + new String(output, StandardCharsets.UTF_8));
		}
		return new String(output, StandardCharsets.UTF_8);
	}

}
