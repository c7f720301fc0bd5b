package io.deepdock.loadtests.scaling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.deepdock.loadtests.LoadSettings;
import io.deepdock.loadtests.Summary;

/**
 * {@code ./deepdock loadtest}: the same scenario before and after scaling. For each web
 * replica count it scales the platform (a local restart with {@code --web N}, or
 * {@code docker service scale} on the Swarm stack), warms up until the throughput is
 * steady ({@link WarmUp}), runs the scenario, and samples CPU and RSS per process while
 * the load is held; then it writes the report.
 */
public final class LoadtestCommand {

	private LoadtestCommand() {
	}

	public static void main(String[] args) throws Exception {
		Path root = LoadSettings.repositoryRoot();
		LoadtestOptions options;
		try {
			options = LoadtestOptions.parse(root, args);
		}
		catch (IllegalArgumentException ex) {
			if (!ex.getMessage().equals("help")) {
				System.err.println("deepdock loadtest: " + ex.getMessage());
				System.err.println();
			}
			System.err.print(LoadtestOptions.USAGE);
			System.exit(ex.getMessage().equals("help") ? 0 : 2);
			return;
		}
		Path report = run(root, options, String.join(" ", args));
		System.out.println("deepdock loadtest: report in " + report);
		System.exit(0);
	}

	static Path run(Path root, LoadtestOptions options, String arguments) throws Exception {
		ScalingTarget target = options.target().equals("swarm") ? new SwarmTarget(root, options)
				: new LocalTarget(root, options);
		List<Step> steps = new ArrayList<>();
		int cores = Runtime.getRuntime().availableProcessors();
		for (int replicas : options.web()) {
			System.out.println("deepdock loadtest: " + replicas + " web replica(s) on " + options.target());
			try (ScalingTarget.Deployment deployment = target.scale(replicas)) {
				LoadSettings settings = base(root, options).with(deployment.url(),
						options.out().resolve("web-" + replicas), deployment.adminPassword());
				WarmUp.Result warmup = WarmUp.Result.NONE;
				if (!options.warmup().isZero()) {
					warmup = WarmUp.until(options.steadyPercent(), options.warmup(), options.warmupMax(),
							(length, index) -> options.scenario()
								.run(settings.withDuration(length), options.scenario().id() + "-warmup-" + index));
					System.out.println("  warm-up: " + warmup.describe());
				}
				// the held load only: after the ramp, before the end (the report is
				// generated after it)
				CompletableFuture<Sampled> sampled = CompletableFuture.supplyAsync(
						() -> sample(deployment, options.ramp().plusSeconds(1), options.duration().minusSeconds(2)));
				Summary summary = options.scenario().run(settings);
				Sampled usage = sampled.get(1, TimeUnit.MINUTES);
				Step step = new Step(replicas, summary, usage.usage(), usage.machineCores(), cores, warmup);
				steps.add(step);
				System.out.printf("  %.1f req/s, p50 %.0f ms, p99 %.0f ms, %d errors; bottleneck: %s%n",
						summary.throughput(), summary.p50(), summary.p99(), summary.errors(), step.bottleneck());
			}
		}
		String limit = target.describe();
		String title = options.scenario().id() + " against " + options.web() + " web replicas (" + options.target()
				+ (limit.isEmpty() ? "" : ", " + limit) + ", " + options.users() + " users"
				+ ((options.rps() > 0) ? ", " + options.rps() + " req/s" : "") + ", " + options.duration().toSeconds()
				+ " s each)";
		return ScalingReport.write(options.out(), title, "./deepdock loadtest " + arguments, steps);
	}

	/** CPU per part and of the machine during the held load. */
	record Sampled(Map<String, ProcessSampler.Usage> usage, double machineCores) {
	}

	private static Sampled sample(ScalingTarget.Deployment deployment, Duration after, Duration length) {
		try {
			Thread.sleep(after.toMillis());
			return deployment.sample(length);
		}
		catch (Exception ex) {
			throw new IllegalStateException("sampling CPU and RSS failed: " + ex.getMessage(), ex);
		}
	}

	private static LoadSettings base(Path root, LoadtestOptions options) {
		java.util.Properties properties = new java.util.Properties();
		properties.putAll(System.getProperties());
		properties.setProperty("loadtest.users", Integer.toString(options.users()));
		properties.setProperty("loadtest.ramp", options.ramp().toMillis() + "ms");
		properties.setProperty("loadtest.duration", options.duration().toMillis() + "ms");
		properties.setProperty("loadtest.rps", Double.toString(options.rps()));
		properties.setProperty("loadtest.tasks", options.tasks());
		properties.setProperty("loadtest.home", options.home().toString());
		properties.setProperty("loadtest.password", "unused");
		return LoadSettings.from(properties);
	}

	/** Parts sampled on this machine: the platform's processes and this JVM (JMeter). */
	static Map<String, Long> withLoadGenerator(Map<String, Long> platform) {
		Map<String, Long> parts = new LinkedHashMap<>(platform);
		parts.put("load generator", ProcessHandle.current().pid());
		return parts;
	}

}
