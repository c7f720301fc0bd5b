package io.deepdock.loadtests.scaling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.deepdock.loadtests.Scenario;

/**
 * The local platform: {@code ./deepdock up --web N} on the state directory's models, one
 * restart per step (what an operator without a cluster does), CPU and RSS from
 * {@code /proc}.
 */
final class LocalTarget implements ScalingTarget {

	private final Path root;

	private final LoadtestOptions options;

	private final ProcessSampler sampler = new ProcessSampler();

	LocalTarget(Path root, LoadtestOptions options) {
		this.root = root;
		this.options = options;
	}

	@Override
	public Deployment scale(int replicas) throws Exception {
		Map<String, String> environment = LocalPlatform.environment(this.options.home(),
				"1".equals(System.getenv("DEEPDOCK_NO_BUILD")));
		if (Files.exists(this.options.home().resolve("run/state.json"))) {
			// a platform (or what a killed one left) runs from this state directory:
			// restart means down first
			LocalPlatform.run(this.root, environment, Duration.ofMinutes(3),
					this.options.out().resolve("logs/down-before-" + replicas + ".log"), "down");
		}
		// only mixed submits jobs: the other scenarios leave the worker's CPU and memory
		// to the web tier
		String workers = (this.options.scenario() == Scenario.MIXED) ? "1" : "0";
		LocalPlatform platform = LocalPlatform.up(this.root, environment, Duration.ofMinutes(16),
				this.options.out().resolve("logs/up-web-" + replicas + ".log"), "--port",
				Integer.toString(this.options.port()), "--web", Integer.toString(replicas), "--workers", workers,
				"--timeout", "900");
		return new Deployment() {

			@Override
			public String url() {
				return platform.url();
			}

			@Override
			public String adminPassword() throws Exception {
				return platform.adminPassword();
			}

			@Override
			public LoadtestCommand.Sampled sample(Duration length) throws Exception {
				Map<String, Long> parts = LoadtestCommand.withLoadGenerator(platform.processes());
				ProcessSampler sampler = LocalTarget.this.sampler;
				Map<String, Long> before = sampler.ticks(parts);
				long machineBefore = sampler.machineBusyTicks();
				long started = System.nanoTime();
				Thread.sleep(length.toMillis());
				Map<String, Long> after = sampler.ticks(parts);
				long machineAfter = sampler.machineBusyTicks();
				double seconds = (System.nanoTime() - started) / 1e9;
				return new LoadtestCommand.Sampled(ProcessSampler.usage(before, after, sampler.rss(parts), seconds),
						(machineAfter - machineBefore) / ProcessSampler.TICKS_PER_SECOND / seconds);
			}

			@Override
			public void close() throws Exception {
				platform.close();
			}

		};
	}

}
