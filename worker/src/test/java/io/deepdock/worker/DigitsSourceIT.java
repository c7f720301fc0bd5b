package io.deepdock.worker;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What most worker integration tests stand on: the media tree every test class of this
 * JVM shares (they share one database, whose rows point into it) and a digits source of
 * the class's own, written from its {@link BarDigits} before its context starts. The
 * subclass keeps its own {@code @SpringBootTest} and says {@code expected-count}
 * ({@code perDigit} × 10) there.
 */
public abstract class DigitsSourceIT {

	protected static final Path media = WorkerTestMedia.dir();

	@TempDir
	protected static Path sources;

	@DynamicPropertySource
	static void digitsSource(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", media::toString);
		registry.add("deepdock.sources.mnist.dir", () -> sources.resolve("mnist").toString());
	}

	@BeforeAll
	static void writeDigits(TestInfo test) throws Exception {
		Class<?> testClass = test.getTestClass().orElseThrow();
		BarDigits digits = testClass.getAnnotation(BarDigits.class);
		if (digits == null) {
			throw new IllegalStateException(testClass.getSimpleName() + " says no @BarDigits");
		}
		WorkerFixtures.writeBarDigits(sources, digits.perDigit(), digits.maxShift(), digits.seed());
	}

}
