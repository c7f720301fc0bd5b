package io.deepdock.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.deepdock.core.ml.OneDnn;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.networks.Networks;
import io.deepdock.core.ml.serving.BatchingEngine;
import io.deepdock.core.ml.serving.EngineSettings;

/**
 * A web replica's serving path under stress, to hunt the native crash of
 * docs/crashes/2026-12-04-webapp-sigsegv.txt: many callers through one
 * {@link BatchingEngine}, hot swaps of the model (a new version promoted), and explicit
 * collections (ND4J frees a dead array's native buffer when a collection finds it).
 * Prints what was answered every second; a crash ends the JVM with an hs_err file.
 */
@Command(name = "engine-stress", mixinStandardHelpOptions = true,
		description = "Serving path under callers, swaps and collections")
public final class EngineStress implements Callable<Integer> {

	@Option(names = "--seconds", defaultValue = "60", description = "how long to run (default ${DEFAULT-VALUE})")
	long seconds;

	@Option(names = "--callers", defaultValue = "16",
			description = "threads submitting one image at a time (default ${DEFAULT-VALUE})")
	int callers;

	@Option(names = "--swap-every", defaultValue = "PT20S",
			description = "a new model swapped in this often, 0 for never (default ${DEFAULT-VALUE})")
	Duration swapEvery;

	@Option(names = "--network", defaultValue = "standard", converter = NetworkBench.ArchitectureConverter.class,
			description = "the served network: standard or small (default ${DEFAULT-VALUE})")
	Architecture architecture = Architecture.STANDARD;

	@Option(names = "--gc-every", defaultValue = "PT1S",
			description = "System.gc() this often, 0 for never (default ${DEFAULT-VALUE})")
	Duration gcEvery;

	/** What a run answered. */
	record Outcome(long answered, long failed, int swaps) {
	}

	public static void main(String[] args) {
		OneDnn.enable();
		System.exit(new CommandLine(new EngineStress()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		Outcome outcome = run(System.out::println);
		System.out
			.println("END answered " + outcome.answered + " failed " + outcome.failed + " swaps " + outcome.swaps);
		return outcome.failed == 0 ? 0 : 1;
	}

	Outcome run(Consumer<String> progress) throws InterruptedException {
		AtomicLong answered = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		int swaps = 0;
		try (BatchingEngine engine = new BatchingEngine(Task.DIGITS.id(), EngineSettings.DEFAULTS)) {
			engine.swap(predictor(this.architecture, 1));
			long end = System.nanoTime() + Duration.ofSeconds(this.seconds).toNanos();
			List<Thread> threads = new ArrayList<>();
			for (int c = 0; c < this.callers; c++) {
				long seed = c;
				Thread caller = new Thread(() -> call(engine, end, seed, answered, failed), "stress-caller-" + c);
				caller.start();
				threads.add(caller);
			}
			Thread collector = new Thread(() -> collect(end), "stress-gc");
			collector.setDaemon(true);
			collector.start();
			long lastSwap = System.nanoTime();
			while (System.nanoTime() < end) {
				Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
				if (!this.swapEvery.isZero() && System.nanoTime() - lastSwap >= this.swapEvery.toNanos()) {
					swaps++;
					engine.swap(predictor(this.architecture, 1 + swaps));
					lastSwap = System.nanoTime();
				}
				progress.accept("answered " + answered.get() + " failed " + failed.get() + " swaps " + swaps);
			}
			for (Thread thread : threads) {
				thread.join();
			}
		}
		return new Outcome(answered.get(), failed.get(), swaps);
	}

	private static void call(BatchingEngine engine, long end, long seed, AtomicLong answered, AtomicLong failed) {
		SplittableRandom random = new SplittableRandom(seed);
		while (System.nanoTime() < end) {
			float[] image = new float[Task.DIGITS.rows() * Task.DIGITS.cols()];
			for (int i = 0; i < image.length; i++) {
				image[i] = random.nextInt(256);
			}
			try {
				engine.submit(image).get();
				answered.incrementAndGet();
			}
			catch (ExecutionException | RuntimeException ex) {
				failed.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void collect(long end) {
		if (this.gcEvery.isZero()) {
			return;
		}
		while (System.nanoTime() < end) {
			System.gc();
			try {
				Thread.sleep(this.gcEvery.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** A freshly initialised digits model behind a {@link Predictor}. */
	private static Predictor predictor(Architecture architecture, long seed) {
		return NetworkBench.predictor(
				Networks.build(Task.DIGITS, architecture, Task.DIGITS.rows() * Task.DIGITS.cols(), 2e-3, 1, seed),
				"stress-" + seed);
	}

}
