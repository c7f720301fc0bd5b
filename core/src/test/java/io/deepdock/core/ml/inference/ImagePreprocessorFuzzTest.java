package io.deepdock.core.ml.inference;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.deepdock.core.ml.Task;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ImagePreprocessor#preprocess}'s contract on any bytes: 28x28 features in 0..255,
 * or {@link InvalidInputException} (not a PNG/JPEG, truncated, corrupt, too many pixels,
 * blank); never another exception, never an {@link OutOfMemoryError} or a hang. Run for
 * both image tasks (digits are placed by their centre of mass, clothes by their box). In
 * the unit tier this replays {@code ImagePreprocessorFuzzTestInputs/}; the fuzz execution
 * fuzzes it (docs/bad-inputs.md, Fuzzing).
 */
class ImagePreprocessorFuzzTest {

	/** Small enough that a few kilobytes of fuzz can declare more. */
	static final long MAX_PIXELS = 1_000_000;

	@FuzzTest(maxDuration = "10s")
	void gives28x28FeaturesOrInvalidInputException(byte[] bytes) {
		for (Task task : new Task[] { Task.DIGITS, Task.FASHION }) {
			float[] features;
			try {
				features = ImagePreprocessor.preprocess(bytes, task, MAX_PIXELS);
			}
			catch (InvalidInputException ex) {
				assertThat(ex.getMessage()).isNotBlank();
				return;
			}
			assertThat(features).hasSize(task.rows() * task.cols());
			for (float f : features) {
				assertThat(f).isBetween(0f, 255f);
			}
		}
	}

}
